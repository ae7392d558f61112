#!/usr/bin/env bash
# Every write of one operation (issue 21): the fs-utils run the operation
# in one process, so its block writes are a fixed sequence (counted with
# RUMP_CRASH_AFTER_WRITES=0).  For each N short of the last, the same
# operation on a fresh copy of the image is killed right after its Nth
# write (RUMP_CRASH_AFTER_WRITES=N, hypercall/README.md); then preen must
# repair alone, the checker must find the image clean, and what the
# operation touched must be in its old state or its new one:
#   mvdir    a directory renamed to another parent (ffs; ext2 has no safe
#            order for it, see rump_ffs.8): under one name, never two or
#            none, its file intact
#   mvfile   a file renamed over another in another directory: the old
#            name or the new one holds it; the replaced file, if still
#            named, intact (ffs: named as long as the rename has not
#            happened; ext2: it may be gone first, see rump_ffs.8)
#   rendir   a directory renamed within its parent (one block: never two
#            names or none, which e2fsck -p could not repair)
#   renlong  (msdos) the same with long names of as many slots, rewritten
#            in place: under one name, or for a moment its 8.3 alias
#   mkdir, put (a file with indirect blocks: not fsynced, so only its
#   length is checked), rm -r (a tree), ln
# All on UFS1 and UFS2 images made by makefs, ext2 made by mke2fs and
# FAT16 made by mkfs.fat and filled by mcopy (msdos: preen fsck.fat -a,
# checker fsck.fat -n; no ln).  On FAT a file moved to another directory
# has two names for one write, of which fsck.fat -a empties the second it
# meets: /b/old may be left empty.  A directory moved to another parent
# has two names for one write too, and fsck.fat -a needs a second run to
# delete the entry the first emptied (rump_msdos.8, CRASHES): msdos mvdir
# allows a second run at one write at most, and says where.  STEPS_FS
# picks the file systems (default "ufs1 ufs2 ext2 msdos").
. tests/lib.sh
t_begin
FSU=$BIN
FSCK_FFS=$BIN/fsck_ffs
tmp=$(t_tmpdir)

have() {
	local c
	for c; do command -v "$c" >/dev/null || return 1; done
}

# the tree every image starts from
tree=$tmp/tree
mkdir -p "$tree/a/x/y" "$tree/b" "$tree/c/d/e"
head -c 5000 /dev/urandom >"$tree/a/x/f"
head -c 3000 /dev/urandom >"$tree/a/file"
head -c 7000 /dev/urandom >"$tree/b/old"
mkdir "$tmp/long"	# msdos renlong's directory, kept out of the others
head -c 2000 /dev/urandom >"$tmp/long/g"
for i in 1 2 3 4 5 6; do head -c $((i * 999)) /dev/urandom >"$tree/c/d/e/$i"; done
head -c 300000 /dev/urandom >"$tmp/big"

mkimg() {	# fs image
	case $1 in
	ufs1|ufs2)
		makefs -t ffs -o version=${1#ufs} -s 8m -f 400 "$2" "$tree" \
		    >/dev/null 2>&1 ;;
	ext2)	mke2fs -q -F -t ext2 -d "$tree" "$2" 8M >/dev/null 2>&1 ;;
	msdos)	rm -f "$2"
		mkfs.fat -C -F 16 -s 1 "$2" 8192 >/dev/null 2>&1 &&
		    MTOOLS_SKIP_CHECK=1 mcopy -s -i "$2" "$tree"/* ::/ \
		    >/dev/null 2>&1 &&
		    MTOOLS_SKIP_CHECK=1 mcopy -s -i "$2" "$tmp/long" \
		    "::/a/long directory one" >/dev/null 2>&1 &&
		    fsck.fat -n "$2" >/dev/null 2>&1 ;;
	esac
}
preen() {	# fs image; 0 if preen alone repaired it
	local rc
	case $1 in
	ext2)	e2fsck -p "$2" >"$tmp/preen.out" 2>&1; rc=$?
		[ $rc -le 1 ] ;;
	msdos)	fsck.fat -a "$2" >"$tmp/preen.out" 2>&1; rc=$?
		[ $rc -le 1 ] ;;
	*)	"$FSCK_FFS" -p "$2" >"$tmp/preen.out" 2>&1 ;;
	esac
}
checked() {	# fs image
	case $1 in
	ext2)	e2fsck -fn "$2" >"$tmp/check.out" 2>&1 ;;
	msdos)	fsck.fat -n "$2" >"$tmp/check.out" 2>&1 ;;
	*)	"$FSCK_FFS" -n "$2" >"$tmp/check.out" 2>&1 ;;
	esac
}
# is PATH in the image, and (with a host file) the same bytes?
there() {	# image path [hostfile]
	"$FSU/fsu_stat" "$1" "$2" >/dev/null 2>&1 || return 1
	[ -z "${3:-}" ] && return 0
	"$FSU/fsu_cat" "$1" "$2" 2>/dev/null | cmp -s - "$3"
}

# is PATH in the image an empty file?
empty() {	# image path
	"$FSU/fsu_stat" "$1" "$2" 2>/dev/null | grep -q 'Size: 0[[:space:]]'
}

# the operation OP on image I (the fs-utils command line)
run_op() {	# op image
	case $1 in
	mvdir)	"$FSU/fsu_mv" "$2" /a/x /b/x ;;
	mvfile)	"$FSU/fsu_mv" "$2" /a/file /b/old ;;
	rendir)	"$FSU/fsu_mv" "$2" /a/x /a/renamed ;;
	renlong) "$FSU/fsu_mv" "$2" "/a/long directory one" \
		    "/a/long directory two" ;;
	mkdir)	"$FSU/fsu_mkdir" "$2" /a/new ;;
	put)	"$FSU/fsu_put" "$2" "$tmp/big" /big ;;
	rmr)	"$FSU/fsu_rm" "$2" -r /c ;;
	ln)	"$FSU/fsu_ln" "$2" /a/file /b/link ;;
	esac
}
# the directory /a/x, with its file f, under exactly one of its names
one_name() {	# image newname
	if there "$1" /a/x/f "$tree/a/x/f"; then
		! there "$1" "$2" || echo "both /a/x and $2"
	else
		there "$1" "$2/f" "$tree/a/x/f" ||
		    echo "neither /a/x/f nor $2/f intact"
	fi
}
# old state or new state; prints what is wrong
outcome() {	# fs op image
	local fs=$1 i=$3
	case $2 in
	mvdir)	one_name "$i" /b/x ;;
	mvfile)	if there "$i" /a/file "$tree/a/file"; then
			there "$i" /b/old "$tree/b/old" ||
			    there "$i" /b/old "$tree/a/file" ||
			    { [ "$fs" = ext2 ] && ! there "$i" /b/old; } ||
			    { [ "$fs" = msdos ] && empty "$i" /b/old; } ||
			    echo "/b/old lost while /a/file stays"
		else
			there "$i" /b/old "$tree/a/file" ||
			    echo "the file is under neither name"
		fi ;;
	rendir)	one_name "$i" /a/renamed ;;
	renlong) local k
		k=$("$FSU/fsu_ls" "$i" /a 2>/dev/null | grep -c -i '^long')
		[ "$k" = 1 ] || echo "$k entries /a/long*"
		there "$i" "/a/long directory one/g" "$tmp/long/g" ||
		    there "$i" "/a/long directory two/g" "$tmp/long/g" ||
		    there "$i" /a/LONGDI~1/g "$tmp/long/g" ||
		    echo "/a/long directory one/g under no name" ;;
	mkdir)	there "$i" /a || echo "/a lost" ;;
	put)	! there "$i" /big || [ "$("$FSU/fsu_stat" "$i" /big \
		    2>/dev/null | sed -n 's/.*Size: \([0-9]*\).*/\1/p')" \
		    -le 300000 ] || echo "/big longer than written" ;;
	rmr)	there "$i" /a/file "$tree/a/file" || echo "/a/file hurt" ;;
	ln)	there "$i" /a/file "$tree/a/file" || echo "/a/file lost" ;;
	esac
}

steps() {	# fs op
	local fs=$1 op=$2 img=$tmp/$1.img t=$tmp/t.img n total bad=0 why
	local twice="" note=""
	cp "$img" "$t"
	total=$(RUMP_CRASH_AFTER_WRITES=0 run_op "$op" "$t" 2>&1 >/dev/null |
	    sed -n 's/^rumpuser: \([0-9]*\) block writes$/\1/p')
	if [ -z "$total" ] || [ "$total" -lt 2 ]; then
		t_notok "$fs $op: counted the writes" "got '${total:-}'"
		return
	fi
	for ((n = 1; n < total; n++)); do
		cp "$img" "$t"
		RUMP_CRASH_AFTER_WRITES=$n run_op "$op" "$t" >/dev/null 2>&1
		why=""
		if ! preen "$fs" "$t"; then
			why="preen: $(tail -n 4 "$tmp/preen.out")"
		elif [ "$fs:$op" = msdos:mvdir ] && [ -z "$twice" ] &&
		    ! checked "$fs" "$t" && grep -q 'Start does point to root' \
		    "$tmp/check.out" && preen "$fs" "$t" &&
		    checked "$fs" "$t"; then
			# the documented window: two names (see the top)
			twice=$n
			why=$(outcome "$fs" "$op" "$t")
		elif ! checked "$fs" "$t"; then
			why="not clean after preen: $(grep -v '^\*\*\|^Pass' \
			    "$tmp/check.out" | head -n 6)"
		else
			why=$(outcome "$fs" "$op" "$t")
		fi
		if [ -n "$why" ]; then
			t_notok "$fs $op: killed after write $n of $total" "$why"
			bad=1
		fi
	done
	[ -n "$twice" ] && note=" (fsck.fat -a twice after write $twice)"
	[ $bad = 0 ] &&
	    t_pass "$fs $op: killed after each of $((total - 1)) writes$note"
}

for fs in ${STEPS_FS:-ufs1 ufs2 ext2 msdos}; do
	case $fs in
	ext2)	have mke2fs e2fsck || { t_skip "$fs" "no e2fsprogs"; continue; }
		ops="mvfile rendir mkdir put rmr ln" ;;
	msdos)	have mkfs.fat fsck.fat mcopy ||
		    { t_skip "$fs" "no dosfstools or mtools"; continue; }
		ops="mvdir mvfile rendir renlong mkdir put rmr" ;;
	*)	have makefs || { t_skip "$fs" "no makefs"; continue; }
		ops="mvdir mvfile rendir mkdir put rmr ln" ;;
	esac
	if ! mkimg "$fs" "$tmp/$fs.img"; then
		t_notok "$fs: image" "mkfs failed"
		continue
	fi
	for op in $ops; do
		steps "$fs" "$op"
	done
done
