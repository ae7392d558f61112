#!/usr/bin/env bash
# fsu_get/fsu_put destinations (issue 22): a regular file is replaced by a
# temporary file renamed into place; a pipe, a device or a symlink to an
# existing file named on the command line is written through, as cp(1)
# does; nothing that is not a file fsu made is ever removed, even when the
# copy fails; "-" is standard output (get) and standard input (put).
set -u
. tests/lib.sh
T=$(t_tmpdir)

command -v mke2fs >/dev/null || { t_skip safecopy "no mke2fs"; exit 0; }
mkdir -p "$T/src/dir"
echo "hello, world" >"$T/src/motd"
head -c 1000000 /dev/urandom >"$T/src/blob"
echo inner >"$T/src/dir/f"
img=$T/img
mke2fs -q -F -t ext2 -b 1024 -d "$T/src" "$img" 8M >/dev/null 2>&1
H=$T/host; mkdir "$H"

# a symlink to an existing file: written through, as cp does
echo old >"$H/target"; ln -s target "$H/link"
cp "$T/src/motd" "$H/link.cp" 2>/dev/null	# what cp does, for comparison
t_ok get_symlink $BIN/fsu_get "$img" /motd "$H/link"
t_eq get_symlink_kept "$(readlink "$H/link")" target
t_eq get_symlink_through "$(cat "$H/target")" "hello, world"

# a dangling symlink: refused, nothing made where it points (cp: same)
ln -s "$H/nowhere" "$H/dangling"
t_fail get_dangling $BIN/fsu_get "$img" /motd "$H/dangling"
t_fail get_dangling_nothing test -e "$H/nowhere"
t_fail cp_dangling_too cp "$T/src/motd" "$H/dangling"

# a regular file: replaced whole (a new inode), no temporary left
echo old >"$H/reg"; ln "$H/reg" "$H/reg.other"
t_ok get_regular $BIN/fsu_get "$img" /motd "$H/reg"
t_eq get_regular_data "$(cat "$H/reg")" "hello, world"
t_eq get_regular_renamed "$(cat "$H/reg.other")" old
t_eq get_no_temporary "$(cd "$H" && ls -A | grep -c fsu)" 0

# a fifo whose reader stops early: the copy fails, the fifo stays
mkfifo "$H/fifo"
head -c 10 <"$H/fifo" >"$H/fifo.out" &
rpid=$!
t_fail get_fifo_fails timeout 30 $BIN/fsu_get "$img" /blob "$H/fifo"
wait $rpid
t_ok get_fifo_kept test -p "$H/fifo"
t_eq get_fifo_read "$(wc -c <"$H/fifo.out")" 10
# and one that reads it all
cat "$H/fifo" >"$H/fifo.all" &
rpid=$!
t_ok get_fifo timeout 30 $BIN/fsu_get "$img" /blob "$H/fifo"
wait $rpid
t_ok get_fifo_data cmp "$H/fifo.all" "$T/src/blob"

# a device: written through, never removed
t_ok get_devnull $BIN/fsu_get "$img" /blob /dev/null
t_fail get_devfull $BIN/fsu_get "$img" /blob /dev/full
t_ok get_devfull_kept test -c /dev/full

# a symlink to a directory: into it, as cp
mkdir "$H/realdir"; ln -s realdir "$H/dirlink"
t_ok get_into_linked_dir $BIN/fsu_get "$img" /motd "$H/dirlink"
t_eq get_into_linked_dir_data "$(cat "$H/realdir/motd")" "hello, world"

# "-"
t_eq get_stdout "$($BIN/fsu_get "$img" /motd -)" "hello, world"
t_fail get_stdout_nofile test -e ./-
t_ok put_stdin bash -c "echo from stdin | $BIN/fsu_put '$img' - /fromstdin"
t_eq put_stdin_data "$($BIN/fsu_cat "$img" /fromstdin)" "from stdin"
t_fail put_stdin_dir bash -c "echo x | $BIN/fsu_put '$img' - /dir"

# in a tree, an existing symlink is replaced, not followed
mkdir -p "$H/tree/dir"; echo keep >"$H/victim"
ln -s ../../victim "$H/tree/dir/f"
t_ok get_tree_over_symlink $BIN/fsu_get "$img" -R /dir "$H/tree"
t_eq get_tree_victim "$(cat "$H/victim")" keep
t_eq get_tree_file "$(cat "$H/tree/dir/f")" inner
t_ok image_clean e2fsck -fn "$img"
