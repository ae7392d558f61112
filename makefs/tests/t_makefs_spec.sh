#!/usr/bin/env bash
# makefs -F and archives as sources, both read through libarchive: an
# mtree spec (written by hand, and made by bsdtar and python3 from the
# tree) gives owners, modes, times, link targets and devices that differ
# from the directory's, makes what the directory lacks, leaves out
# optional entries that are missing and, with -x, what the spec does not
# name (ffs and ext2fs, read back with fsu_stat and fsu_ls, checked by
# fsck_ffs and e2fsck); a tar archive made with other owners and times,
# a symbolic link, a hard link and (as root) a device is made into ffs,
# ext2fs, msdos and cd9660 and read back with fsu_ls, fsu_cat and
# osirrox; a bad spec, a file the spec names that is missing, a type
# the directory contradicts, a corrupt or truncated archive are one
# line, a non-zero exit and no image; no scratch file is left behind.
. tests/lib.sh
t_begin
MAKEFS=$BIN/makefs
for c in e2fsck tar python3 osirrox; do
	if ! command -v $c >/dev/null; then
		t_skip "makefs -F" "$c not installed (e2fsprogs, tar, python3,\
 xorriso)"
		exit 0
	fi
done
tmp=$(t_tmpdir)
# scratch files go here: it must be empty after every run
export TMPDIR=$tmp/scratch
mkdir "$TMPDIR"
root=false
[ "$(id -u)" = 0 ] && root=true

# --- the tree and the hand-written spec --------------------------------
src=$tmp/src
mkdir -p "$src/d" "$src/e"
echo hello >"$src/d/f"
echo other >"$src/g"
ln -s d/f "$src/lnk"
chmod 0644 "$src/g"
touch -d @1500000000 "$src/g"
spec=$tmp/spec
cat >"$spec" <<EOF
#mtree
. type=dir mode=0751 uid=0 gid=0 time=1000000000.0
./d type=dir mode=0700 uid=123 gid=456 time=1100000000.0
./d/f type=file mode=0600 uid=7 gid=8 time=1200000000.0
./g type=file uid=11
./lnk type=link link=elsewhere uid=5 gid=6 time=1300000000.0
./new type=file mode=0640 uid=9 gid=10 time=1400000000.0
./newdir type=dir mode=0711 uid=3 gid=4 time=1400000000.0
./newdir/data type=file mode=0444 uid=1 gid=2 time=1 contents=$src/d/f
./gone type=file mode=0644 uid=0 gid=0 optional
EOF
$root && echo "./dev type=char mode=0620 uid=0 gid=5 device=native,1,3" \
    "time=1" >>"$spec"

# "mode uid gid mtime" of path in image
st() {
	$BIN/fsu_stat "$1" "$2" 2>&1 | awk '
	    /^Access: \(/ { sub(/^\(/, "", $2); sub(/\/.*/, "", $2); m = $2
		u = $4; g = $6 }
	    /^Modify:/ { sub(/\..*/, "", $3); t = $2 " " $3 }
	    END { print m, u, g, t }'
}
export TZ=UTC
for ty in ffs ext2fs; do
	img=$tmp/spec.$ty
	t_ok "$ty -F: made" $MAKEFS -t $ty -F "$spec" "$img" "$src"
	t_eq "$ty -F: root" "$(st "$img" /)" "0751 0 0 2001-09-09 01:46:40"
	t_eq "$ty -F: a directory's owner, mode, time" "$(st "$img" /d)" \
	    "0700 123 456 2004-11-09 11:33:20"
	t_eq "$ty -F: a file's owner, mode, time" "$(st "$img" /d/f)" \
	    "0600 7 8 2008-01-10 21:20:00"
	t_eq "$ty -F: unsaid keywords from the directory" \
	    "$(st "$img" /g)" "0644 11 0 2017-07-14 02:40:00"
	t_eq "$ty -F: the spec's link target" "$($BIN/fsu_ls "$img" -l /lnk |
	    awk '{ print $3, $4, $NF }')" "5 6 elsewhere"
	t_eq "$ty -F: a file the directory lacks, made empty" \
	    "$(st "$img" /new) $($BIN/fsu_stat "$img" /new |
	    awk '/Size:/ { print $2 }')" "0640 9 10 2014-05-13 16:53:20 0"
	t_eq "$ty -F: a directory the directory lacks" \
	    "$(st "$img" /newdir)" "0711 3 4 2014-05-13 16:53:20"
	t_eq "$ty -F: contents= gives the data" \
	    "$($BIN/fsu_cat "$img" /newdir/data) $(st "$img" /newdir/data)" \
	    "hello 0444 1 2 1970-01-01 00:00:01"
	t_eq "$ty -F: what the spec does not name is kept" \
	    "$(st "$img" /e | cut -d' ' -f1)" "0755"
	t_fail "$ty -F: a missing optional entry is left out" \
	    $BIN/fsu_stat "$img" /gone
	if $root; then
		t_eq "$ty -F: a device the spec makes" "$($BIN/fsu_ls "$img" \
		    -l /dev | awk '{ print $1, $3, $4, $5, $6 }')" \
		    "crw--w---- 0 5 1, 3"
	else
		t_skip "$ty -F: a device the spec makes" "not root"
	fi
	img=$tmp/specx.$ty
	t_ok "$ty -F -x: made" $MAKEFS -x -t $ty -F "$spec" "$img" "$src"
	t_fail "$ty -F -x: what the spec does not name is left out" \
	    $BIN/fsu_stat "$img" /e
	t_eq "$ty -F -x: what it names is in" "$(st "$img" /d/f)" \
	    "0600 7 8 2008-01-10 21:20:00"
done
t_ok "ffs -F: fsck_ffs -n clean" $BIN/fsck_ffs -n "$tmp/spec.ffs"
t_ok "ffs -F -x: fsck_ffs -n clean" $BIN/fsck_ffs -n "$tmp/specx.ffs"
t_ok "ext2fs -F: e2fsck -fn clean" e2fsck -fn "$tmp/spec.ext2fs"
t_ok "ext2fs -F -x: e2fsck -fn clean" e2fsck -fn "$tmp/specx.ext2fs"

# --- a spec made from the tree -----------------------------------------
# every entry owned by 1000:100, 0600/0700, at 1600000000: by bsdtar (if
# installed) and by python3
gen_bsdtar() {
	bsdtar -cf - --format=mtree --options='!all,type,link' -C "$src" . |
	    sed '/^\.\/\|^\. /s/$/ uid=1000 gid=100 time=1600000000.0/' |
	    sed '/type=dir/s/$/ mode=0700/;/type=file/s/$/ mode=0600/'
}
gen_python3() {
	(cd "$src" && python3 -c '
import os
print("#mtree")
print("/set uid=1000 gid=100 time=1600000000.0")
for d, dirs, files in os.walk("."):
    dirs.sort()
    print(d, "type=dir mode=0700")
    for f in sorted(files + [x for x in dirs
                             if os.path.islink(os.path.join(d, x))]):
        p = os.path.join(d, f)
        if os.path.islink(p):
            print(p, "type=link link=" + os.readlink(p))
        else:
            print(p, "type=file mode=0600")
')
}
want="2 0600 1000 100 2020-09-13 12:26:40;"
want+="3 0700 1000 100 2020-09-13 12:26:40;"
for how in bsdtar python3; do
	if ! command -v $how >/dev/null; then
		t_skip "-F ($how spec)" "$how not installed"
		continue
	fi
	gen=$tmp/$how.spec
	gen_$how >"$gen"
	for ty in ffs ext2fs; do
		img=$tmp/gen.$ty
		t_ok "$ty -F ($how spec): made" $MAKEFS -t $ty -F "$gen" \
		    "$img" "$src"
		t_eq "$ty -F ($how spec): owners, modes, times" "$(for p in \
		    / /d /d/f /e /g; do st "$img" $p; done | sort | uniq -c |
		    awk '{ $1 = $1; print }' | tr '\n' ';')" "$want"
		t_eq "$ty -F ($how spec): the link" "$($BIN/fsu_ls "$img" \
		    -l /lnk | awk '{ print $3, $4, $NF }')" "1000 100 d/f"
	done
done

# --- a tar archive as the source ---------------------------------------
tree=$tmp/tree
mkdir -p "$tree/sub/deeper"
echo data >"$tree/sub/a"
ln "$tree/sub/a" "$tree/b"
ln -s sub/a "$tree/sym"
head -c 300000 /dev/urandom >"$tree/big"
echo deep >"$tree/sub/deeper/c"
$root && mknod "$tree/null" c 1 3
tgz=$tmp/tree.tgz
tar -C "$tree" --owner=42 --group=43 --mtime=@1234567890 -czf "$tgz" .
# the same, without a "./" prefix nor entries for the directories
tar -C "$tree" --owner=42 --group=43 --mtime=@1234567890 --no-recursion \
    -cf "$tmp/flat.tar" sub/deeper/c big
for ty in ffs ext2fs; do
	img=$tmp/tar.$ty
	t_ok "$ty from a tar.gz: made" $MAKEFS -t $ty "$img" "$tgz"
	t_eq "$ty from a tar.gz: owners, modes, times" "$(for p in / /b \
	    /sub /sub/a /big; do st "$img" $p; done | tr '\n' ';')" \
	    "$(printf '%s;' "0755 42 43 2009-02-13 23:31:30" \
	    "0644 42 43 2009-02-13 23:31:30" "0755 42 43 2009-02-13 23:31:30" \
	    "0644 42 43 2009-02-13 23:31:30" "0644 42 43 2009-02-13 23:31:30")"
	t_eq "$ty from a tar.gz: a hard link" "$($BIN/fsu_stat "$img" /b |
	    awk '/Inode:/ { print $2, $4 }')" "$($BIN/fsu_stat "$img" /sub/a |
	    awk '/Inode:/ { print $2, $4 }')"
	t_eq "$ty from a tar.gz: a symbolic link" "$($BIN/fsu_ls "$img" \
	    -l /sym | awk '{ print $3, $4, $NF }')" "42 43 sub/a"
	t_eq "$ty from a tar.gz: data" "$($BIN/fsu_cat "$img" /big |
	    cmp - "$tree/big" && $BIN/fsu_cat "$img" /b)" data
	if $root; then
		t_eq "$ty from a tar.gz: a device" "$($BIN/fsu_ls "$img" -l \
		    /null | awk '{ print $1, $5, $6 }')" "crw-r--r-- 1, 3"
	else
		t_skip "$ty from a tar.gz: a device" "not root"
	fi
	img=$tmp/flat.$ty
	t_ok "$ty from a tar without directories: made" $MAKEFS -t $ty \
	    "$img" "$tmp/flat.tar"
	t_eq "$ty from a tar without directories: made root's, 0755" \
	    "$(st "$img" /sub/deeper | cut -d' ' -f1-3) $($BIN/fsu_cat \
	    "$img" /sub/deeper/c)" "0755 0 0 deep"
done
t_ok "ffs from a tar.gz: fsck_ffs -n clean" $BIN/fsck_ffs -n "$tmp/tar.ffs"
t_ok "ext2fs from a tar.gz: e2fsck -fn clean" e2fsck -fn "$tmp/tar.ext2fs"
t_ok "ffs -F over a tar.gz" $MAKEFS -t ffs -F "$spec" "$tmp/tarspec.ffs" \
    "$tgz" "$src"
t_eq "ffs -F over a tar.gz and a directory: both, the spec on top" \
    "$(st "$tmp/tarspec.ffs" /d/f) $($BIN/fsu_cat "$tmp/tarspec.ffs" /b)" \
    "0600 7 8 2008-01-10 21:20:00 data"
img=$tmp/tar.msdos
t_ok "msdos from a tar.gz: made" $MAKEFS -t msdos "$img" "$tgz"
t_eq "msdos from a tar.gz: the symbolic link left out, named as in it" \
    "$($MAKEFS -t msdos "$img" "$tgz" 2>&1 | grep -c "tree.tgz: sym: left")" 1
t_eq "msdos from a tar.gz: data, the hard link a copy" "$($BIN/fsu_cat \
    "$img" /big | cmp - "$tree/big" && $BIN/fsu_cat "$img" /b)" data
t_eq "msdos from a tar.gz: times" "$(st "$img" /sub/a | cut -d' ' -f4-)" \
    "2009-02-13 23:31:30"
img=$tmp/tar.iso
t_ok "cd9660 from a tar.gz: made" $MAKEFS -t cd9660 -o rockridge "$img" \
    "$tgz"
rm -rf "$tmp/out"
t_ok "cd9660 from a tar.gz: osirrox extracts it" osirrox -indev "$img" \
    -extract / "$tmp/out"
t_ok "cd9660 from a tar.gz: the same files" diff -r --no-dereference \
    -x null "$tree" "$tmp/out"
t_eq "cd9660 from a tar.gz: owners" "$(osirrox -indev "$img" -lsl /sub/a \
    2>/dev/null | awk '{ print $3, $4 }')" "42 43"

# --- errors ------------------------------------------------------------
. makefs/tests/refused.sh
printf 'this is not\001 a spec {{{\n' >"$tmp/bad.spec"
refused "error: not a spec" "bad.spec" -F "$tmp/bad.spec" "$tmp/bad" "$src"
printf '#mtree\n./x type=file mode=0644 uid=0 gid=0 contents=%s\n' \
    "$tmp/nonexistent" >"$tmp/miss.spec"
refused "error: a contents file the spec names is missing" \
    "miss.spec|nonexistent" -F "$tmp/miss.spec" "$tmp/bad" "$src"
printf '#mtree\n./d type=file mode=0644\n' >"$tmp/type.spec"
refused "error: the spec's type is not the directory's" "type.spec|./d" \
    -F "$tmp/type.spec" "$tmp/bad" "$src"
printf '#mtree\n./x type=file uname=no-such-user-here\n' >"$tmp/user.spec"
refused "error: an unknown uname" "no-such-user-here" \
    -F "$tmp/user.spec" "$tmp/bad" "$src"
refused "error: a spec that is not there" "$tmp/none" \
    -F "$tmp/none" "$tmp/bad" "$src"
head -c 3000 "$tgz" >"$tmp/trunc.tgz"
refused "error: a truncated tar.gz" "trunc.tgz" "$tmp/bad" "$tmp/trunc.tgz"
head -c 5000 /dev/urandom >"$tmp/junk.tar"
refused "error: not an archive" "junk.tar" "$tmp/bad" "$tmp/junk.tar"
tar -C "$tree" -cf - . | python3 -c '
import sys
d = bytearray(sys.stdin.buffer.read()); d[600:700] = b"X" * 100
sys.stdout.buffer.write(d)' >"$tmp/hdr.tar"
refused "error: a damaged tar header" "hdr.tar" "$tmp/bad" "$tmp/hdr.tar"
python3 -c '
import io, tarfile
with tarfile.open("'"$tmp"'/dots.tar", "w") as t:
    i = tarfile.TarInfo("../escape"); i.size = 1
    t.addfile(i, io.BytesIO(b"x"))'
refused "error: a path with .. in a tar" "dots.tar|.." "$tmp/bad" \
    "$tmp/dots.tar"
t_eq "no scratch file left behind" "$(ls -A "$TMPDIR")" ""
