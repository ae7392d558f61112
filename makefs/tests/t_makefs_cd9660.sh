#!/usr/bin/env bash
# makefs -t cd9660: an ISO 9660 image written from a tree (0-byte, 2048-
# and 2049-byte and larger files, long, UTF-8, clashing and dotted names,
# a directory 11 levels deep, symbolic links short, absolute and long, a
# hard link, a fifo and, as root, a device node), read back by others:
# isoinfo -d/-l and isovfy find it sound, osirrox extracts the same tree
# (names and bytes; with Rock Ridge modes, links, times; with Joliet the
# UTF-8 names), fsu_ls/fsu_cat and a rump_cd9660 mount show the same;
# levels 1-3 (8.3 names; a file past 4 GiB in two extents); El Torito;
# -T makes byte-identical images; errors are one line and no image.
. tests/lib.sh
t_begin
MAKEFS=$BIN/makefs
BIN=$(cd "$BIN" && pwd)
for c in xorriso isoinfo isovfy; do
	if ! command -v $c >/dev/null; then
		t_skip "makefs cd9660" "$c not installed (xorriso, genisoimage)"
		exit 0
	fi
done
tmp=$(t_tmpdir)
tmp=$(cd "$tmp" && pwd)
T_SERVE_LOG=$tmp/server.log

# --- the tree ----------------------------------------------------------
src=$tmp/src
deep=$src/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10
mkdir -p "$deep" "$src/Ünïcødé dïr" "$src/sub/empty dir"
: >"$src/empty"
head -c 2048 /dev/urandom >"$src/exact2048"
head -c 2049 /dev/urandom >"$src/sub/just over 2048"
head -c 300000 /dev/urandom >"$src/sub/random.bin"
echo deep >"$deep/deepest file"
printf 'ü%.0s' $(seq 1 500) >"$src/Ünïcødé dïr/ñame — ☃.txt"
long=$(printf 'a long name %.0s' $(seq 1 18))
echo long >"$src/$long"
echo 1 >"$src/README" && echo 2 >"$src/readme" && echo 3 >"$src/ReadMe"
echo dots >"$src/archive.tar.gz" && echo rc >"$src/.profile"
for i in $(seq 1 12); do echo "$i" >"$src/sub/same prefix $i.txt"; done
ln -s ../exact2048 "$src/sub/rel"
ln -s /etc/passwd "$src/abs"
ln -s "$(printf 'component/%.0s' $(seq 1 60))end" "$src/longlink"
echo linked >"$src/sub/hard1" && ln "$src/sub/hard1" "$src/hard2"
mkfifo "$src/fifo"
chmod 750 "$src/sub" && chmod 4755 "$src/sub/random.bin"
touch -d '2001-02-03 04:05:06' "$src/exact2048" "$src/sub"
# what osirrox extracts: no devices and no rr_moved
want=$tmp/want
cp -a "$src" "$want"
asroot=false
if [ "$(id -u)" = 0 ] && mknod "$src/null" c 1 3 2>/dev/null; then
	asroot=true
fi

extract() {	# image dir [xorriso options]
	rm -rf "$2" &&
	    xorriso ${3:-} -indev "$1" -osirrox on -extract / "$2" \
	    >/dev/null 2>&1 && rm -rf "$2/rr_moved"
}
same() {	# want got
	diff -r --no-dereference -x null -x fifo "$1" "$2"
}
# "path mode type [mtime]" of each entry but the root (osirrox does not
# set times: no mtime with $2 = notime)
manifest() {
	(cd "$1" && find . -mindepth 1 ! -name rr_moved ! -path './rr_moved/*' \
	    ! -name null -printf "%P %m %y${2:+ }%T@\n" |
	    sed -E 's/ [0-9.]+$//; s/\.[0-9]+$//' | LC_ALL=C sort)
}

# --- Rock Ridge and Joliet ---------------------------------------------
img=$tmp/rj.iso
t_ok "rockridge,joliet: made" $MAKEFS -t cd9660 \
    -o rockridge,joliet,label=MkIso,publisher=Pub,preparer=Prep "$img" "$src"
info=$(isoinfo -d -i "$img")
t_eq "isoinfo -d: volume id" "$(sed -n 's/^Volume id: //p' <<<"$info")" MKISO
t_eq "isoinfo -d: publisher" "$(sed -n 's/^Publisher id: //p' <<<"$info")" \
    PUB
t_ok "isoinfo -d: Rock Ridge" grep -q 'Rock Ridge signatures' <<<"$info"
t_ok "isoinfo -d: Joliet" grep -q 'Joliet with UCS level 3' <<<"$info"
t_ok "isovfy: no errors" bash -c "isovfy '$img' 2>&1 | grep -q 'No errors'"
t_ok "osirrox extracts the tree (names, bytes, links)" \
    bash -c "$(declare -f extract same); extract '$img' '$tmp/x' && same '$want' '$tmp/x'"
t_eq "Rock Ridge: modes, types" "$(manifest "$tmp/x" notime)" \
    "$(manifest "$want" notime)"
t_eq "Rock Ridge: times (TF)" "$(TZ=UTC isoinfo -l -R -i "$img" |
    grep -c 'Feb  3 2001 .*\(exact2048\|sub\) *$')" 2
t_eq "Rock Ridge: a long symbolic link" "$(readlink "$tmp/x/longlink")" \
    "$(readlink "$src/longlink")"
t_eq "Rock Ridge: the hard link" "$(isoinfo -l -R -i "$img" |
    awk '$NF == "hard2" || $NF == "hard1" { print $2, $7 }' | sort -u)" \
    "$(isoinfo -l -R -i "$img" | awk '$NF == "hard1" { print $2, $7 }')"
if $asroot; then
	t_eq "Rock Ridge: the device node (PN)" "$(isoinfo -l -R -i "$img" |
	    awk '$NF == "null" { print substr($1, 1, 1) }')" c
else
	t_skip "Rock Ridge: the device node" "not root"
fi
t_ok "Joliet: names and bytes" bash -c "$(declare -f extract); extract \
    '$img' '$tmp/j' '-read_fs norock' && cmp '$src/Ünïcødé dïr/ñame — ☃.txt' \
    '$tmp/j/Ünïcødé dïr/ñame — ☃.txt' && test -f '$tmp/j/README' &&
    test -f '$tmp/j/readme' && test -f '$tmp/j/sub/same prefix 12.txt'"
t_eq "Joliet: a long name cut to 64" "$(find "$tmp/j" -maxdepth 1 -name 'a long*' |
    wc -l)" 1
t_eq "isoinfo -l: d-characters only" "$(isoinfo -l -i "$img" |
    awk '/^Directory/ { next } NF > 10 { print $NF }' |
    grep -vcE '^([A-Z0-9_]{1,31}|[A-Z0-9_]*\.[A-Z0-9_]*;1|\.|\.\.)$')" 0
t_eq "isoinfo -l: 8 levels, the deeper moved to RR_MOVED" \
    "$(isoinfo -l -i "$img" | grep -c '^Directory listing of /RR_MOVED/D8/$')" 1

# fs-utils and the kernel's driver read our image
t_eq "fsu_ls: the root" "$(timeout 30 "$BIN/fsu_ls" "$img" -1A / |
    LC_ALL=C sort | tr '\n' ' ')" "$(ls -1A "$src" | LC_ALL=C sort |
    tr '\n' ' ')"
t_ok "fsu_cat: a deep file" cmp <(timeout 30 "$BIN/fsu_cat" "$img" \
    "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/deepest file") "$deep/deepest file"
t_ok "fsu_cat: 2049 bytes" cmp <(timeout 30 "$BIN/fsu_cat" "$img" \
    "/sub/just over 2048") "$src/sub/just over 2048"
if t_have_fuse; then
	MNT=$(t_mntdir)
	if t_serve "$MNT" "$BIN/rump_cd9660" -f "$img" "$MNT"; then
		t_ok "rump_cd9660: the mount is the tree" t_to diff -r \
		    --no-dereference -x rr_moved -x fifo -x null "$want" "$MNT"
		t_eq "rump_cd9660: the fifo" "$(t_to stat -c %F "$MNT/fifo")" fifo
		t_eq "rump_cd9660: modes, types, times" \
		    "$(t_to bash -c "$(declare -f manifest); manifest '$MNT'")" \
		    "$(manifest "$want")"
		$asroot && t_eq "rump_cd9660: the device" \
		    "$(t_to stat -c '%F %t:%T' "$MNT/null")" \
		    "character special file 1:3"
		t_ok "rump_cd9660: unmounted" t_unserve "$MNT"
	else
		t_notok "rump_cd9660: mounts the image" "$(tail -3 "$T_SERVE_LOG")"
	fi
else
	t_skip "rump_cd9660 reads the image" "no /dev/fuse"
fi

# --- levels ------------------------------------------------------------
t_ok "isolevel=1: made" $MAKEFS -t cd9660 -o isolevel=1,allow-deep-trees \
    "$tmp/l1.iso" "$src"
t_eq "isolevel=1: 8.3 names" "$(isoinfo -l -i "$tmp/l1.iso" |
    awk '/^Directory/ { next } NF > 10 { print $NF }' |
    grep -vcE '^([A-Z0-9_]{1,8}|[A-Z0-9_]{1,8}\.[A-Z0-9_]{0,3};1|\.|\.\.)$')" 0
t_eq "isolevel=1: names told apart" "$(isoinfo -l -i "$tmp/l1.iso" |
    awk '/^Directory/ { d = $0 } NF > 10 { print d, $NF }' | sort |
    uniq -d | wc -l)" 0
t_ok "isolevel=1: isovfy" bash -c "isovfy '$tmp/l1.iso' 2>&1 |
    grep -q 'No errors'"
t_ok "isolevel=1: the bytes" bash -c "$(declare -f extract); extract \
    '$tmp/l1.iso' '$tmp/l1' && cmp '$tmp/l1/SUB/RANDOM.BIN' \
    '$src/sub/random.bin'"
big=$tmp/big
mkdir -p "$big" && truncate -s 5G "$big/huge" &&
    echo tail | dd of="$big/huge" bs=1 seek=$((5 * 1024 * 1024 * 1024 - 5)) \
    conv=notrunc status=none
t_ok "isolevel=3: a 5 GiB file" $MAKEFS -t cd9660 -o isolevel=3,rockridge \
    "$tmp/l3.iso" "$big"
t_eq "isolevel=3: in two extents" "$(isoinfo -l -i "$tmp/l3.iso" |
    grep -c 'HUGE.;1')" 2
t_eq "isolevel=3: xorriso's size" "$(xorriso -indev "$tmp/l3.iso" \
    -find /huge -exec lsdl 2>/dev/null | awk '{ print $5 }')" 5368709120
t_eq "isolevel=3: fsu_ls's size" "$(timeout 30 "$BIN/fsu_ls" "$tmp/l3.iso" \
    -l /huge | awk '{ print $5 }')" 5368709120
lba=$(isoinfo -l -i "$tmp/l3.iso" |
    sed -n 's/.*\[ *\([0-9]*\) 00\].*HUGE.*/\1/p')
t_eq "isolevel=3: the last bytes, in the second extent" "$(dd \
    if="$tmp/l3.iso" bs=1 skip=$((${lba:-0} * 2048 + 1073743872 - 5)) \
    count=4 status=none)" tail
rm -f "$tmp/l3.iso"

# --- El Torito ---------------------------------------------------------
head -c 4096 /dev/urandom >"$tmp/boot.bin"
t_ok "El Torito: made" $MAKEFS -t cd9660 \
    -o "rockridge,bootimage=i386;$tmp/boot.bin,no-emul-boot" \
    "$tmp/boot.iso" "$src"
t_ok "El Torito: isoinfo finds the catalog" bash -c "isoinfo -d -i \
    '$tmp/boot.iso' | grep -q 'El Torito VD version 1 found'"
lba=$(xorriso -indev "$tmp/boot.iso" -report_el_torito plain 2>/dev/null |
    awk '/^El Torito boot img/ { print $NF }')
t_ok "El Torito: the boot image at its LBA" cmp <(dd if="$tmp/boot.iso" \
    bs=2048 skip="${lba:-0}" count=2 status=none) "$tmp/boot.bin"

# --- reproducible ------------------------------------------------------
$MAKEFS -t cd9660 -o rockridge,joliet -T 1500000000 "$tmp/r1.iso" "$src"
sleep 1.1
$MAKEFS -t cd9660 -o rockridge,joliet -T 1500000000 "$tmp/r2.iso" "$src"
SOURCE_DATE_EPOCH=1500000000 $MAKEFS -t cd9660 -o rockridge,joliet \
    "$tmp/r3.iso" "$src"
t_ok "-T twice: byte-identical" cmp "$tmp/r1.iso" "$tmp/r2.iso"
t_ok "SOURCE_DATE_EPOCH as -T" cmp "$tmp/r1.iso" "$tmp/r3.iso"
t_eq "-T sets the times" "$(TZ=UTC isoinfo -l -R -i "$tmp/r1.iso" |
    grep -c 'Jul 14 2017 .* exact2048 *$')" 1

# --- errors ------------------------------------------------------------
. makefs/tests/refused.sh
deeponly=$tmp/deeponly
mkdir -p "$deeponly/1/2/3/4/5/6/7/8/9"
refused "error: too deep without Rock Ridge" "deeper than 8" \
    -t cd9660 "$tmp/bad" "$deeponly"
refused "error: -s too small" "tree too big" \
    -t cd9660 -o rockridge -s 100k "$tmp/bad" "$src"
refused "error: past 4 GiB below level 3" "isolevel=3" \
    -t cd9660 "$tmp/bad" "$big"
bad=$tmp/badname
mkdir -p "$bad" && echo x >"$bad/$(printf 'bad\377name')"
refused "error: a name Joliet cannot hold" "not representable" \
    -t cd9660 -o joliet "$tmp/bad" "$bad"
refused "error: a floppy image of no floppy size" "no-emul-boot" \
    -t cd9660 -o "rockridge,bootimage=i386;$tmp/boot.bin" "$tmp/bad" "$src"
refused "error: bad isolevel" "isolevel" \
    -t cd9660 -o isolevel=4 "$tmp/bad" "$src"
unread=$tmp/unread
mkdir -p "$unread" && echo s >"$unread/secret" && chmod 000 "$unread/secret"
[ "$(id -u)" = 0 ] &&
    RUN="setpriv --bounding-set -dac_override,-dac_read_search"
refused "error: an unreadable file" "secret|Permission denied" \
    -t cd9660 "$tmp/bad" "$unread"
RUN=
if $MAKEFS -t cd9660 -o allow-deep-trees "$tmp/plain.iso" "$src" \
    2>"$tmp/err"; then
	t_eq "no Rock Ridge: links, fifos, devices left out with a warning" \
	    "$(grep -c 'left out' "$tmp/err")" $($asroot && echo 5 || echo 4)
else
	t_notok "no Rock Ridge: made" "$(cat "$tmp/err")"
fi
