#!/usr/bin/env bash
# Hostile directory entries, on ext2 and ffs images: names holding '/'
# ("../../xx", "a/b"), a NUL, an empty name, and '.' and '..' entries in
# the middle of a directory.  The images are made with placeholder names
# (mke2fs -d, makefs), then the name bytes and the length byte of each
# placeholder entry are overwritten.  Each driver must hide exactly those
# entries (one console line per directory), list the rest, look up and
# change the directory as before, refuse to remove a directory that holds
# only a hidden entry, and the checker must see the damage.  In process
# (fs-utils) and through the FUSE server (where a name with '/' used to
# fail the whole directory with EIO).
set -u
. tests/lib.sh
t_begin
tmp=$(t_tmpdir)
tree=$tmp/tree
mkdir -p "$tree/d/a" "$tree/e" "$tree/f"
echo root >"$tree/xx"
echo real >"$tree/d/xx"
echo good >"$tree/d/good"
echo b >"$tree/d/a/b"
# placeholder -> hostile name (printf format) and its length.  If a
# driver passed them up, each would resolve to something that exists:
# /d/../../xx is /xx, /d/a/b, "a\0b" reads as "a", /d/. and /d/..
set -- hostile_up1 '../../xx' 8  hostile_slash2 'a/b' 3 \
    hostile_nul3 'a\0b' 3  hostile_empty4 '' 0 \
    hostile_dot5 '.' 1  hostile_dotdot6 '..' 2
NAMES=("$@")
for ((i = 0; i < ${#NAMES[@]}; i += 3)); do echo x >"$tree/d/${NAMES[i]}"; done
echo x >"$tree/e/hostile_only7"		# -> "x/y": /e holds only that
echo x >"$tree/f/hostile_only8"		# -> "..": /f holds only that
NAMES+=(hostile_only7 'x/y' 3 hostile_only8 '..' 2)

# overwrite placeholder $2 of image $1 with name $3 of length $4; the
# length byte is $NLOFF bytes before the name
rename_entry() {
	local off
	off=$(grep -obUaF "$2" "$1" | cut -d: -f1)
	if [ "$(printf '%s\n' "$off" | grep -c .)" != 1 ]; then
		echo "placeholder $2 found at '$off'" >&2
		return 1
	fi
	printf "$3" | dd of="$1" bs=1 seek="$off" conv=notrunc 2>/dev/null &&
	    printf "\\x$(printf %02x "$4")" | dd of="$1" bs=1 \
	    seek=$((off - NLOFF)) conv=notrunc 2>/dev/null
}
hostile() {	# image: every placeholder renamed
	local i
	for ((i = 0; i < ${#NAMES[@]}; i += 3)); do
		rename_entry "$1" "${NAMES[i]}" "${NAMES[i + 1]}" \
		    "${NAMES[i + 2]}" || return 1
	done
}

# in process: the good entries, one console line, nothing else on stderr
# (fs-utils warn about bad names they meet: they must meet none)
inproc() {	# label img
	local img=$2 out err
	out=$(t_to "$BIN/fsu_ls" "$img" /d 2>"$tmp/err" | tr '\n' ' ')
	t_eq "$1: fsu_ls lists the good entries only" "$out" "a good xx "
	err=$(grep -v 'entry hidden' "$tmp/err")
	t_eq "$1: the driver hid the bad names (stderr: $(head -c 200 \
	    "$tmp/err"))" "$err" ""
	t_eq "$1: one console line for the directory" \
	    "$(grep -c 'entry hidden' "$tmp/err")" 1
	t_eq "$1: lookup beside them" \
	    "$(t_to "$BIN/fsu_cat" "$img" /d/xx /d/../xx 2>/dev/null)" "real
root"
	t_eq "$1: /e and /f look empty" \
	    "$(t_to "$BIN/fsu_ls" "$img" /e /f 2>/dev/null | grep . | tr "\n" " ")" "/e: /f: "
	cp "$img" "$tmp/rw"
	t_fail "$1: rmdir of a directory holding a hidden name" \
	    t_to "$BIN/fsu_rmdir" "$tmp/rw" /e
	t_fail "$1: rmdir of a directory holding a stray '..'" \
	    t_to "$BIN/fsu_rmdir" "$tmp/rw" /f
	t_ok "$1: entries change beside them" change "$tmp/rw"
}

change() {	# img: remove one, add one, list
	t_to "$BIN/fsu_rm" "$1" /d/good &&
	    t_to "$BIN/fsu_mkdir" "$1" /d/new &&
	    t_eq "" "$(t_to "$BIN/fsu_ls" "$1" /d | tr '\n' ' ')" "a new xx " |
	    grep -q '^ok'
}

# through FUSE: ls used to fail with EIO on a name holding '/'
fuse() {	# label fs img
	local mnt out
	if ! t_have_fuse; then
		t_skip "$1: through FUSE" "no /dev/fuse or fusermount3"
		return
	fi
	mnt=$(t_mntdir)/m
	mkdir -p "$mnt"
	T_SERVE_LOG=$tmp/server.log
	if ! t_serve "$mnt" "$BIN/rump_$2" -f -o ro "$3" "$mnt"; then
		t_notok "$1: FUSE mount" "$(tail -5 "$T_SERVE_LOG")"
		return
	fi
	out=$(t_to ls -a "$mnt/d" 2>&1 | tr '\n' ' ')
	t_eq "$1: ls -a through FUSE" "$out" ". .. a good xx "
	t_eq "$1: cat beside them through FUSE" \
	    "$(t_to cat "$mnt/d/xx" 2>&1)" "real"
	t_eq "$1: ls of a directory holding only a hidden name" \
	    "$(t_to ls -a "$mnt/e" "$mnt/f" 2>&1 | grep -c '^\.')" 4
	t_unserve "$mnt" >/dev/null
}

# the checker reports what the driver hides
checked() {	# label expected-status-test checker...
	local label=$1 rc; shift
	t_to "$@" >"$tmp/fsck" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -lt 124 ]; then
		t_pass "$label: the checker reports the damage (exit $rc)"
	else
		t_notok "$label: the checker reports the damage (exit $rc)" \
		    "$(head -20 "$tmp/fsck")"
	fi
}

if command -v mke2fs >/dev/null; then
	img=$tmp/e2.img
	NLOFF=2		# ext2 with filetype: name_len, file_type, name
	if mke2fs -q -F -t ext2 -b 1024 -d "$tree" "$img" 4M \
	    >/dev/null 2>&1 && hostile "$img"; then
		inproc ext2 "$img"
		fuse ext2 ext2fs "$img"
		checked ext2 e2fsck -fn "$img"
	else
		t_notok "ext2: hostile image made"
	fi
else
	t_skip "ext2 hostile names" "e2fsprogs not installed"
fi

if command -v makefs >/dev/null; then
	NLOFF=1		# 4.4BSD entries: d_type, d_namlen, name
	for v in 1 2; do
		img=$tmp/ffs$v.img
		if makefs -t ffs -o version=$v -s 4m "$img" "$tree" \
		    >/dev/null 2>&1 && hostile "$img"; then
			inproc "ffs v$v" "$img"
			[ $v = 2 ] && fuse "ffs v$v" ffs "$img"
			checked "ffs v$v" "$BIN/fsck_ffs" -n "$img"
		else
			t_notok "ffs v$v: hostile image made"
		fi
	done
else
	t_skip "ffs hostile names" "makefs not installed"
fi
exit 0
