#!/usr/bin/env bash
# cd9660 against the tools that make ISO images.
#  - xorriso (-as mkisofs -R -J, and zisofs filters), genisoimage (-R
#    only) and makefs -t cd9660 -o rockridge images of one tree, mounted
#    through rump_cd9660, must show the tree: names (long, UTF-8), types,
#    modes, mtimes, symlink targets (a long one in continuation areas),
#    a directory deeper than 8 levels (Rock Ridge relocation), bytes.
#  - a tree 20 levels deep, relocated (genisoimage -R, xorriso
#    deep_paths_off) or not: all of it, rr_moved hidden, a user's shown.
#  - a file in several extents and an interleaved one (records changed
#    by cd9660_mutate), hard links with one inode number.
#  - reads of odd offsets and lengths, past the end, and readv into
#    small iovecs (cd9660_pread) on each kind of file.
#  - plain ISO 9660 (levels 1 and 3) and Joliet-only images: the names
#    mount_cd9660(8) shows (lower case, no ";1"; nomaplcase, gens) and
#    the bytes; norrip and nojoliet choose the tree.
#  - device nodes (PN) of genisoimage and xorriso: their numbers.
#  - fsu_ls and fsu_cat find the file system by themselves.
#  - read-only: writes through the mount get EROFS, -o rw is refused in
#    one line, nothing mounted.
#  - multi-session, appended (genisoimage -C) and grown in place (xorriso
#    -dev on a file): the newest session by default, session=N the N-th.
#  - hostile images (descriptor and directory bytes flipped, truncated, a
#    CE loop, a directory naming the root) never crash or hang the driver
#    or the server.
set -u
. tests/lib.sh
t_begin
BIN=$(cd "$BIN" && pwd)
TESTS=$(cd "$TESTS" && pwd)
if ! command -v xorriso >/dev/null || ! command -v genisoimage >/dev/null
then
	t_skip "cd9660" "xorriso or genisoimage not installed"
	exit 0
fi
HAVE_FUSE=true
t_have_fuse || HAVE_FUSE=false
T=$(t_tmpdir)
T=$(cd "$T" && pwd)
MNT=$(t_mntdir)
T_SERVE_LOG=$T/server.log
tree=$T/tree

# --- the tree ------------------------------------------------------------
mkdir -p "$tree/sub/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10" "$tree/empty"
echo hello >"$tree/hello.txt"
printf '' >"$tree/zero"
head -c 3000000 /dev/urandom >"$tree/big.bin"
seq 1 400000 >"$tree/seq.txt"		# compresses: zisofs stores it so
head -c 70000 /dev/zero >"$tree/zeros"	# zisofs blocks of zeros
head -c 5000 /dev/urandom >"$tree/sub/five"
echo deep >"$tree/sub/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/deep.txt"
echo u >"$tree/ünïcødé name.txt"
echo l >"$tree/$(printf 'L%.0s' $(seq 1 120))"
ln -s ../hello.txt "$tree/sub/link"
ln -s /abs/path/target "$tree/abslink"
ln -s "$(printf 'seg%03d/' $(seq 1 90))end" "$tree/longlink"
chmod 0640 "$tree/hello.txt"
chmod 0751 "$tree/sub"
chmod 0700 "$tree/empty"
chmod 4755 "$tree/zero"
touch -h -d "2001-02-03 04:05:06" "$tree/hello.txt" "$tree/sub/link"
touch -d "1999-12-31 23:59:59" "$tree/sub/d1"
touch -d "2038-06-07 08:09:10" "$tree/big.bin"
touch -d "2005-05-05 05:05:05" "$tree/sub" "$tree/empty"

# name, type, mode, size of files, mtime, link target; the root left out
manifest() {	# dir
	(cd "$1" && find . -mindepth 1 \( -type f -printf '%P|%y|%m|%s|' \
	    -o -printf '%P|%y|%m|-|' \) -printf '%T@|%l\n' |
	    sed -E 's/\.[0-9]+\|/|/' | LC_ALL=C sort)
}
# genisoimage -R loops on a symlink target this long, makefs writes it
# wrong (isoinfo shows garbage too): their tree goes without it
tree2=$T/tree2
cp -a "$tree" "$tree2"
rm "$tree2/longlink"
touch -r "$tree" "$tree2"
manifest "$tree" >"$T/want"
manifest "$tree2" >"$T/want2"

# --- helpers ---------------------------------------------------------------
serve() {	# img [opts]
	t_serve "$MNT" "$BIN/rump_cd9660" -f ${2:+-o "$2"} "$1" "$MNT"
}
unserve() { t_unserve "$MNT"; }
# the mount matches the tree (default $tree) in everything
check_full() {	# name img [tree [opts]]
	local why= src=${3:-$tree} want=$T/want
	if ! $HAVE_FUSE; then
		t_skip "$1" "no /dev/fuse"
		return
	fi
	[ "$src" = "$tree2" ] && want=$T/want2
	if ! serve "$2" "${4:-}"; then
		t_notok "$1" "did not mount"
		return
	fi
	t_to bash -c "cd '$MNT' && find . -mindepth 1 \\( -type f -printf \
	    '%P|%y|%m|%s|' -o -printf '%P|%y|%m|-|' \\) -printf '%T@|%l\n'" |
	    sed -E 's/\.[0-9]+\|/|/' | LC_ALL=C sort >"$T/got"
	diff "$want" "$T/got" >"$T/diff" || why="manifest: $(head -5 "$T/diff")"
	[ -z "$why" ] && ! t_to diff -r --no-dereference "$src" "$MNT" \
	    >"$T/diff" 2>&1 && why="bytes: $(head -3 "$T/diff")"
	unserve || why="${why:-unmount failed}"
	if [ -z "$why" ]; then t_pass "$1"; else t_notok "$1" "$why"; fi
}
# in-process (fs-utils, the type found by probing): names and bytes
fsu_names() {	# img [opts]
	"$BIN/fsu_ls" ${2:+-o "$2"} "$1" -1 / 2>&1 | LC_ALL=C sort | tr '\n' ' '
}

# --- Rock Ridge images: everything as in the tree --------------------------
timeout 60 xorriso -as mkisofs -quiet -R -J -o "$T/xr.iso" "$tree" \
    >/dev/null 2>&1
check_full "xorriso -R -J: names, modes, times, links, bytes" "$T/xr.iso"

rm -f "$T/xz.iso"
timeout 60 xorriso -outdev "$T/xz.iso" -map "$tree" / \
    -set_filter_r --zisofs / -- -commit >/dev/null 2>&1
if [ -s "$T/xz.iso" ] && isoinfo -R -l -i "$T/xz.iso" >/dev/null 2>&1; then
	check_full "xorriso zisofs: inflated, sizes right" "$T/xz.iso"
	# stored compressed: norrip shows the raw (smaller) file
	raw=$(timeout 30 "$BIN/fsu_ls" -o norrip "$T/xz.iso" -l /seq.txt |
	    awk '{print $5}')
	t_ok "zisofs: stored compressed (norrip: $raw bytes)" \
	    test "${raw:-0}" -gt 0 -a "${raw:-0}" -lt \
	    "$(stat -c %s "$tree/seq.txt")"
else
	t_skip "xorriso zisofs" "xorriso cannot write zisofs"
fi

timeout 60 genisoimage -quiet -R -o "$T/gr.iso" "$tree2" 2>/dev/null
check_full "genisoimage -R: relocated deep directory, rr_moved hidden" \
    "$T/gr.iso" "$tree2"

if command -v makefs >/dev/null; then
	timeout 60 makefs -t cd9660 -o rockridge "$T/mf.iso" "$tree2" \
	    >/dev/null 2>&1
	check_full "makefs -t cd9660 -o rockridge: all as in the tree" \
	    "$T/mf.iso" "$tree2"
else
	t_skip "makefs -t cd9660" "makefs not installed"
fi

# --- deep trees: Rock Ridge relocation (CL, PL, RE) at every depth ----------
# 20 levels with files on each, a second deep branch, a user's own
# directory named rr_moved below the root (shown); genisoimage -R and
# xorriso with deep_paths_off relocate, xorriso -R records them in place
deep=$T/deep
p=$deep
for i in $(seq 1 20); do
	p=$p/l$i
	mkdir -p "$p"
	echo "level $i" >"$p/f$i"
done
mkdir -p "$deep/x/l2/l3/l4/l5/l6/l7/l8/l9/l10" "$deep/x/rr_moved/in"
echo g >"$deep/x/l2/l3/l4/l5/l6/l7/l8/l9/l10/g"
echo u >"$deep/x/rr_moved/in/u"
(cd "$deep" && find . | LC_ALL=C sort) >"$T/deep.want"
genisoimage -quiet -R -o "$T/deepg.iso" "$deep" 2>/dev/null
timeout 60 xorriso -as mkisofs -quiet -R -o "$T/deepx.iso" "$deep" \
    >/dev/null 2>&1
rm -f "$T/deepr.iso"
timeout 60 xorriso -compliance deep_paths_off:long_paths_off \
    -outdev "$T/deepr.iso" -map "$deep" / -commit >/dev/null 2>&1
for i in "deepg genisoimage -R" "deepx xorriso -R" \
    "deepr xorriso deep_paths_off"; do
	set -- $i
	t_eq "${*:2}: 20 levels, relocation directory hidden" "$(timeout 30 \
	    "$BIN/fsu_find" "$T/$1.iso" / | sed 's|^/|./|; s|^\./$|.|' |
	    LC_ALL=C sort | diff - "$T/deep.want" | head -3)" ""
	if ! $HAVE_FUSE; then
		t_skip "${*:2}: 20 levels through the mount" "no /dev/fuse"
	elif serve "$T/$1.iso"; then
		t_ok "${*:2}: 20 levels through the mount, diff -r" \
		    t_to diff -r "$deep" "$MNT"
		unserve
	else
		t_notok "${*:2}: 20 levels through the mount" "did not mount"
	fi
done

# the relocation directory below the root (x/rr_moved made to name it):
# hidden there too, as its entries are moved directories (RE)
cp "$T/deepg.iso" "$T/deepm.iso"
if "$TESTS/cd9660_mutate" movereloc "$T/deepm.iso" X; then
	t_eq "rr_moved below the root, holding moved directories: hidden" \
	    "$(timeout 30 "$BIN/fsu_ls" "$T/deepm.iso" -1 /x | tr '\n' ' ')" \
	    "l2 "
	t_eq "rr_moved below the root: the moved ones where their CL is" \
	    "$(timeout 30 "$BIN/fsu_cat" "$T/deepm.iso" \
	    /l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/l12/f12)" "level 12"
else
	t_notok "rr_moved below the root" "cd9660_mutate movereloc failed"
fi

# --- plain ISO 9660 and Joliet -------------------------------------------
# (without Rock Ridge there are no symlinks; directories stop at 8 levels)
for a in "plain" "l1 -iso-level 1" "l3 -iso-level 3" "j -J"; do
	set -- $a
	timeout 60 genisoimage -quiet "${@:2}" -o "$T/$1.iso" "$tree2" \
	    2>/dev/null
done
t_eq "plain: names in lower case, no versions" \
    "$(fsu_names "$T/plain.iso")" \
    "__n__c__.txt big.bin empty hello.txt llllllll seq.txt sub zero zeros "
t_eq "plain -o nomaplcase" "$(fsu_names "$T/plain.iso" nomaplcase)" \
    "BIG.BIN EMPTY HELLO.TXT LLLLLLLL SEQ.TXT SUB ZERO ZEROS __N__C__.TXT "
t_eq "plain -o gens: versions kept" \
    "$("$BIN/fsu_ls" -o gens "$T/plain.iso" -1 /sub 2>&1 | tr '\n' ' ')" \
    "d1 five.;1 "
t_ok "plain: bytes" cmp "$tree/big.bin" \
    <(timeout 30 "$BIN/fsu_cat" "$T/plain.iso" /big.bin)
t_eq "iso-level 1: 8.3 names" "$(fsu_names "$T/l1.iso" | cut -d' ' -f1-5)" \
    "__n__c__.txt big.bin empty hello.txt llllllll"
t_ok "iso-level 3: bytes" cmp "$tree/seq.txt" \
    <(timeout 30 "$BIN/fsu_cat" "$T/l3.iso" /seq.txt)
t_ok "Joliet: UTF-8 names" test "$(timeout 30 "$BIN/fsu_cat" "$T/j.iso" \
    "/ünïcødé name.txt")" = u
t_ok "Joliet: long names" test "$(timeout 30 "$BIN/fsu_cat" "$T/j.iso" \
    /"$(printf 'L%.0s' $(seq 1 64))")" = l
t_ok "Joliet: bytes" cmp "$tree/sub/five" \
    <(timeout 30 "$BIN/fsu_cat" "$T/j.iso" /sub/five)
t_eq "xorriso -R -J -o norrip: the Joliet tree" \
    "$(timeout 30 "$BIN/fsu_ls" -o norrip "$T/xr.iso" -1 / | grep -c 'ü')" 1
t_eq "-o norrip,nojoliet: plain names" \
    "$(timeout 30 "$BIN/fsu_ls" -o norrip,nojoliet "$T/xr.iso" -1 / |
    grep -c '^hello.txt$')" 1
t_eq "-o rrcaseins: Rock Ridge names ignore case" \
    "$(timeout 30 "$BIN/fsu_cat" -o rrcaseins "$T/xr.iso" /HeLLo.TXT)" hello

# --- a file in several extents, hard links ------------------------------
cp "$T/xr.iso" "$T/split.iso"
if "$TESTS/cd9660_mutate" split "$T/split.iso" SEQ.TXT 2; then
	t_ok "multi-extent file: bytes" cmp "$tree/seq.txt" \
	    <(timeout 30 "$BIN/fsu_cat" "$T/split.iso" /seq.txt)
	t_eq "multi-extent file: one entry, plain names too" \
	    "$(timeout 30 "$BIN/fsu_ls" -o norrip,nojoliet "$T/split.iso" -1 / |
	    grep -c seq)" 1
else
	t_notok "multi-extent file" "cd9660_mutate split failed"
fi
# units of 2 sectors, gaps of 1: the file's sector n lies at
# (n / 2) * 3 + n % 2 of the data
cp "$T/xr.iso" "$T/il.iso"
if "$TESTS/cd9660_mutate" interleave "$T/il.iso" SEQ.TXT 2 1 600; then
	for ((n = 0; n < 600; n++)); do
		dd if="$tree/seq.txt" bs=2048 skip=$((n / 2 * 3 + n % 2)) \
		    count=1 status=none
	done >"$T/il.want"
	t_ok "interleaved file: bytes" cmp "$T/il.want" \
	    <(timeout 30 "$BIN/fsu_cat" "$T/il.iso" /seq.txt)
else
	t_notok "interleaved file" "cd9660_mutate interleave failed"
fi

# --- reads of every shape (cd9660_pread): odd offsets and lengths, parts
# of sectors at both ends, past the end, readv into small iovecs; plain
# files are read from the image straight into the caller's memory
pread_ok() {	# name img path want
	t_ok "$1: reads of every shape" timeout 60 "$TESTS/cd9660_pread" \
	    "$2" "$3" "$4"
}
pread_ok "one extent" "$T/xr.iso" big.bin "$tree/big.bin"
pread_ok "one extent, small" "$T/xr.iso" sub/five "$tree/sub/five"
pread_ok "Joliet" "$T/j.iso" sub/five "$tree/sub/five"
[ -s "$T/xz.iso" ] && pread_ok "zisofs" "$T/xz.iso" seq.txt "$tree/seq.txt"
[ -s "$T/il.want" ] && pread_ok "interleaved" "$T/il.iso" seq.txt \
    "$T/il.want"
pread_ok "several extents" "$T/split.iso" seq.txt "$tree/seq.txt"

mkdir -p "$T/hl/s"
echo hi >"$T/hl/a"
ln "$T/hl/a" "$T/hl/s/b"
timeout 60 xorriso -as mkisofs -quiet -R -o "$T/hl.iso" "$T/hl" \
    >/dev/null 2>&1
t_eq "hard links: one inode number, two links" "$(timeout 30 \
    "$BIN/fsu_ls" "$T/hl.iso" -li / /s | awk '$NF == "a" || $NF == "b" \
    {print $1, $3}' | uniq | wc -l)" 1

# --- device nodes: Rock Ridge PN -------------------------------------------
# genisoimage records major and minor, xorriso one packed number
devs=$T/devs
mkdir -p "$devs"
if [ "$(id -u)" = 0 ] && mknod "$devs/chr" c 136 7 2>/dev/null &&
    mknod "$devs/blk" b 259 1030 && mknod "$devs/null" c 1 3; then
	genisoimage -quiet -R -o "$T/dg.iso" "$devs" 2>/dev/null
	timeout 60 xorriso -as mkisofs -quiet -R -o "$T/dx.iso" "$devs" \
	    >/dev/null 2>&1
	want=$(cd "$devs" && stat -c '%n %F %t,%T' blk chr null | tr '\n' ' ')
	for i in "dg genisoimage" "dx xorriso"; do
		set -- $i
		t_eq "$2 -R: device numbers (fs-utils)" "$(timeout 30 \
		    "$BIN/fsu_ls" "$T/$1.iso" -l / | awk '{print $1, $5, $6}' |
		    grep '^[bc]' | tr '\n' ' ')" \
		    "brw-r--r-- 259, 1030 crw-r--r-- 136, 7 crw-r--r-- 1, 3 "
		if $HAVE_FUSE && serve "$T/$1.iso"; then
			got=$(cd "$MNT" && t_to stat -c '%n %F %t,%T' blk chr \
			    null | tr '\n' ' ')
			unserve
			t_eq "$2 -R: device numbers through the mount" \
			    "$got" "$want"
		else
			t_skip "$2 -R: device numbers through the mount" \
			    "no /dev/fuse or no mount"
		fi
	done
else
	t_skip "device nodes" "not root or mknod failed"
fi

# --- fs-utils autodetect -----------------------------------------------------
t_eq "fsu_ls finds cd9660" "$(timeout 30 "$BIN/fsu_ls" "$T/xr.iso" -1 /sub |
    tr '\n' ' ')" "d1 five link "
t_eq "fsu_cat finds cd9660" "$(timeout 30 "$BIN/fsu_cat" "$T/xr.iso" \
    /sub/link)" hello
t_fail "fsu_put on an ISO fails" timeout 30 "$BIN/fsu_put" -t cd9660 \
    "$T/xr.iso" "$tree/hello.txt" /new

# --- read-only ---------------------------------------------------------------
if $HAVE_FUSE && serve "$T/xr.iso"; then
	err=$(t_to bash -c "echo x >'$MNT/new'" 2>&1)
	t_ok "create through the mount: EROFS" \
	    grep -q "Read-only file system" <<<"$err"
	err=$(t_to touch "$MNT/hello.txt" 2>&1)
	t_ok "touch: EROFS" grep -q "Read-only file system" <<<"$err"
	err=$(t_to mkdir "$MNT/d" 2>&1)
	t_ok "mkdir: EROFS" grep -q "Read-only file system" <<<"$err"
	err=$(t_to rm "$MNT/hello.txt" 2>&1)
	t_ok "rm: EROFS" grep -q "Read-only file system" <<<"$err"
	t_ok "still the same file" test "$(t_to cat "$MNT/hello.txt")" = hello
	t_ok "unmount: exit 0" unserve
else
	t_skip "read-only through the mount" "no /dev/fuse or no mount"
fi
t_ok "-o rw refused in one line" t_refused "not writable|-o ro" \
    t_to "$BIN/rump_cd9660" -f -o rw "$T/xr.iso" "$MNT"
t_ok "an unknown session refused" t_refused "session 5" \
    t_to "$BIN/rump_cd9660" -f -o session=5 "$T/xr.iso" "$MNT"

# --- multi-session -----------------------------------------------------------
mkdir -p "$T/s1" "$T/s2"
echo one >"$T/s1/first"
echo two >"$T/s2/second"
genisoimage -quiet -R -o "$T/ms1.iso" "$T/s1" 2>/dev/null
n=$(( $(stat -c %s "$T/ms1.iso") / 2048 ))
genisoimage -quiet -R -C "0,$n" -M "$T/ms1.iso" -o "$T/ms2.part" \
    "$T/s2" 2>/dev/null
cat "$T/ms1.iso" "$T/ms2.part" >"$T/ms.iso"
t_eq "multi-session: the last one by default" \
    "$(fsu_names "$T/ms.iso")" "first second "
t_eq "multi-session: -o session=1" "$(fsu_names "$T/ms.iso" session=1)" \
    "first "
t_eq "multi-session: -o session=2" "$(fsu_names "$T/ms.iso" session=2)" \
    "first second "
# xorriso -dev on a plain file grows the image in place: sessions at
# sector 32 and the next multiples of 32, sector 16 a copy of the newest
mkdir -p "$T/s3"
echo three >"$T/s3/third"
rm -f "$T/xms.iso"
for d in s1 s2 s3; do
	timeout 60 xorriso -dev "$T/xms.iso" -map "$T/$d" "/$d" -commit \
	    >/dev/null 2>&1
done
t_eq "xorriso grown image: three sessions (xorriso -toc)" "$(xorriso \
    -indev "$T/xms.iso" -toc 2>/dev/null | grep -c '^ISO session')" 3
t_eq "xorriso grown image: the newest by default" \
    "$(fsu_names "$T/xms.iso")" "s1 s2 s3 "
for n in 1 2 3; do
	want=$(printf 's%d ' $(seq 1 $n))
	t_eq "xorriso grown image: -o session=$n" \
	    "$(fsu_names "$T/xms.iso" session=$n)" "$want"
done
t_eq "xorriso grown image: session 1's bytes" "$(timeout 30 \
    "$BIN/fsu_cat" -o session=1 "$T/xms.iso" /s1/first)" one
t_ok "xorriso grown image: session=4 refused in one line" t_refused \
    "no session 4 (the image has 3)" \
    t_to "$BIN/rump_cd9660" -f -o session=4 "$T/xms.iso" "$MNT"

# --- hostile images ----------------------------------------------------------
# every file read, in-process: exit status 0 or 1, never a signal or hang
walk() {	# img
	local rc
	timeout -k 2 60 "$BIN/fsu_ls" "$1" -lR / >/dev/null 2>&1
	rc=$?
	[ $rc -lt 2 ] || { echo "fsu_ls: status $rc"; return 1; }
	timeout -k 2 60 "$BIN/fsu_find" "$1" / -type f -exec true {} + \
	    >/dev/null 2>&1
	rc=$?
	[ $rc -lt 2 ] || [ $rc = 123 ] ||
	    { echo "fsu_find: status $rc"; return 1; }
	for f in /big.bin /seq.txt /hello.txt /sub/five; do
		timeout -k 2 60 "$BIN/fsu_cat" "$1" "$f" >/dev/null 2>&1
		rc=$?
		[ $rc -lt 2 ] || { echo "fsu_cat $f: status $rc"; return 1; }
	done
}
# flip n bytes in the descriptors and the directories (sectors 16..60)
flip() {	# img n
	local k off
	for ((k = 0; k < $2; k++)); do
		off=$(( 16 * 2048 + (RANDOM * 32768 + RANDOM) % (44 * 2048) ))
		printf "\\x$(printf %02x $((RANDOM % 256)))" |
		    dd of="$1" bs=1 seek=$off conv=notrunc status=none
	done
}
RANDOM=9660
bad=0 why=
for i in $(seq 1 12); do
	for src in xr xz gr j xms; do
		[ -s "$T/$src.iso" ] || continue
		cp "$T/$src.iso" "$T/m.iso"
		flip "$T/m.iso" $((50 + RANDOM % 300))
		if ! out=$(walk "$T/m.iso"); then
			bad=$((bad + 1))
			cp "$T/m.iso" "$T/bad$bad.iso"
			why="$why $src#$i: $out;"
		fi
	done
done
t_eq "flipped bytes (60 images, 12 grown in place): no crash, no hang" \
    "$bad${why:+ $why}" 0
head -c $(( $(stat -c %s "$T/xr.iso") / 3 )) "$T/xr.iso" >"$T/trunc.iso"
t_ok "truncated image: no crash" walk "$T/trunc.iso"
# logical blocks of 512 or 1024 bytes (ECMA-119 allows them, no tool
# makes them): every address would mean something else, so the mount is
# refused in one line rather than anything misread
lbsize() {	# img bytes: the primary descriptor's block size (723)
	local lo hi
	lo=$(printf %02x $(($2 & 255)))
	hi=$(printf %02x $(($2 >> 8)))
	printf "\\x$lo\\x$hi\\x$hi\\x$lo" |
	    dd of="$1" bs=1 seek=$((16 * 2048 + 128)) conv=notrunc status=none
}
for bs in 512 1024; do
	cp "$T/xr.iso" "$T/lb.iso"
	lbsize "$T/lb.iso" $bs
	t_ok "logical block size $bs: fsu_ls refused in one line" t_refused \
	    "logical block size is not 2048" \
	    timeout 30 "$BIN/fsu_ls" "$T/lb.iso" -l /
	t_ok "logical block size $bs: rump_cd9660 refused in one line" \
	    t_refused "logical block size is not 2048" \
	    t_to "$BIN/rump_cd9660" -f "$T/lb.iso" "$MNT"
done
cp "$T/xr.iso" "$T/ce.iso"
if "$TESTS/cd9660_mutate" celoop "$T/ce.iso"; then
	t_ok "CE loop: no hang" walk "$T/ce.iso"
	t_eq "CE loop: one console line" "$(timeout 30 "$BIN/fsu_ls" \
	    "$T/ce.iso" -l / 2>&1 | grep -c 'CE loop')" 1
	t_eq "CE loop: the rest listed" "$(timeout 30 "$BIN/fsu_ls" \
	    "$T/ce.iso" -1 / 2>/dev/null | grep -c hello.txt)" 1
else
	t_skip "CE loop" "no CE entry in the root"
fi
cp "$T/plain.iso" "$T/loop.iso"
if "$TESTS/cd9660_mutate" rootloop "$T/loop.iso" SUB; then
	t_ok "a directory naming the root: no hang" walk "$T/loop.iso"
	t_eq "a directory naming the root: EIO, one console line" \
	    "$(timeout 30 "$BIN/fsu_ls" "$T/loop.iso" -1 /sub 2>&1 |
	    grep -c -e 'contains itself' -e 'Input/output')" 2
	t_eq "a directory naming the root: the rest readable" \
	    "$(timeout 30 "$BIN/fsu_cat" "$T/loop.iso" /hello.txt)" hello
else
	t_notok "a directory naming the root" "cd9660_mutate rootloop failed"
fi
# through the server: the mount answers, the server ends cleanly
if $HAVE_FUSE; then
	sbad=
	for img in "$T/ce.iso" "$T/trunc.iso" \
	    $(ls "$T"/bad*.iso 2>/dev/null | head -3); do
		cp "$T/xr.iso" "$T/m2.iso"
		flip "$T/m2.iso" 200
		for im in "$img" "$T/m2.iso"; do
			serve "$im" 2>/dev/null || continue
			t_to find "$MNT" -type f -exec cat {} + >/dev/null 2>&1
			[ $? = 124 ] && sbad="$sbad $(basename "$im"): hang;"
			unserve
			rc=$?
			[ $rc = 0 ] ||
			    sbad="$sbad $(basename "$im"): status $rc;"
			t_mounted "$MNT" && sbad="$sbad left mounted;"
		done
	done
	t_eq "hostile images through rump_cd9660: clean ends" "${sbad:-ok}" ok
else
	t_skip "hostile images through rump_cd9660" "no /dev/fuse"
fi
