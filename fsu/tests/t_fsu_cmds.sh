#!/usr/bin/env bash
# fs-utils options closer to the commands they are named after (issue
# 22), each checked against the coreutils/findutils/diffutils command run
# on the same tree on the host: ls -a/-l total/-ld of a dangling symlink,
# symbolic chmod and -R, chown/chgrp names and -R, touch -d/-t/-r, find
# -mtime/-newer/-perm/-user/-maxdepth/-exec/-delete, diff -u and -H,
# ln -s mode, progress on a terminal, -t aliases, --help/--version.
set -u
. tests/lib.sh
T=$(t_tmpdir)
command -v mke2fs >/dev/null || { t_skip cmds "no mke2fs"; exit 0; }

S=$T/src
mkdir -p "$S/d1/d2/d3" "$S/e"
printf 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n' >"$S/t1"
printf 'a\nb\nX\nd\ne\nf\ng\nh\ni\nj\nk' >"$S/t2"
printf 'bin\000ary' >"$S/bin"
echo deep >"$S/d1/d2/d3/f"
chmod 0755 "$S/t1"; chmod 0604 "$S/t2"; chmod 2750 "$S/d1"
touch -d '2001-01-01 00:00:00' "$S/d1/d2/d3/f"
touch -d '2020-06-01 12:00:00' "$S/e"
ln -s nowhere "$S/dangling"
img=$T/img
mke2fs -q -F -t ext2 -b 1024 -d "$S" "$img" 8M >/dev/null 2>&1

# fsu_find on the image and find(1) on the source, as the same list
ffind() { $BIN/fsu_find "$img" / "$@" | grep -v lost+found | sort; }
hfind() { (cd "$S" && find . "$@" | sed 's|^\.||; s|^$|/|') | sort; }

# 3: ls
t_ok ls_ld_dangling bash -c "$BIN/fsu_ls '$img' -ld /dangling | grep -q '^l.* /dangling -> nowhere$'"
t_eq ls_a_dots "$($BIN/fsu_ls "$img" -a /d1/d2 | tr '\n' ' ')" "$(ls -a "$S/d1/d2" | tr '\n' ' ')"
t_eq ls_A "$($BIN/fsu_ls "$img" -A /d1/d2 | tr '\n' ' ')" "$(ls -A "$S/d1/d2" | tr '\n' ' ')"
blocks=0
for f in $($BIN/fsu_ls "$img" /d1); do
	b=$($BIN/fsu_stat "$img" "/d1/$f" | sed -n 's/.*Blocks: \([0-9]*\).*/\1/p')
	blocks=$((blocks + b))
done
t_eq ls_l_total "$($BIN/fsu_ls "$img" -l /d1 | head -1)" "total $(( (blocks + 1) / 2 ))"
t_eq ls_l_file_no_total "$($BIN/fsu_ls "$img" -l /t1 | grep -c total)" 0

# 4: chmod symbolic, against chmod(1) on a host file of the same mode
mode_of() { $BIN/fsu_stat "$img" "$1" | sed -n 's/^Access: (0*\([0-7]*\)\/.*/\1/p' | sed 's/^$/0/'; }
for spec in u+x go-w a=r +X u=rw,g=r o+t g+s a-x,u+w u=g 751 go=u-w; do
	for start in 644 700 2755; do
		$BIN/fsu_chmod "$img" $start /t2
		$BIN/fsu_chmod "$img" "$spec" /t2
		touch "$T/m"; chmod $start "$T/m"; chmod "$spec" "$T/m"
		t_eq "chmod_${spec}_$start" "$(mode_of /t2)" "$(stat -c %a "$T/m")"
	done
done
t_ok chmod_minus_w $BIN/fsu_chmod "$img" -w /t2
t_ok chmod_R $BIN/fsu_chmod "$img" -R go-rx /d1
t_eq chmod_R_deep "$(mode_of /d1/d2/d3)" 700
t_eq chmod_R_top "$(mode_of /d1)" 2700
t_fail chmod_bad $BIN/fsu_chmod "$img" u+q /t2

# chown/chgrp: names from the host's databases, numbers, -R
uid_of() { $BIN/fsu_stat "$img" "$1" | sed -n 's/.*Uid: \([0-9]*\)  Gid: \([0-9]*\).*/\1:\2/p'; }
dgid=$(getent group daemon | cut -d: -f3); duid=$(id -u daemon)
t_ok chown_names $BIN/fsu_chown "$img" daemon:daemon /t1
t_eq chown_names_ids "$(uid_of /t1)" "$duid:$dgid"
t_ok chown_login_group $BIN/fsu_chown "$img" root: /t1
t_eq chown_login_group_ids "$(uid_of /t1)" "0:0"
t_ok chgrp_name $BIN/fsu_chgrp "$img" daemon /t1
t_eq chgrp_name_ids "$(uid_of /t1)" "0:$dgid"
t_ok chown_R $BIN/fsu_chown "$img" -R 1234:5678 /d1
t_eq chown_R_deep "$(uid_of /d1/d2/d3/f)" "1234:5678"
t_fail chown_unknown $BIN/fsu_chown "$img" no-such-user-here /t1

# 5: touch, against touch(1)
mtime_of() { $BIN/fsu_stat "$img" "$1" | sed -n 's/^Modify: //p'; }
hmtime() { date -d "@$(stat -c %Y "$T/m")" '+%Y-%m-%d %H:%M:%S.000000000'; }
for d in '2020-01-02 03:04:05' '2020-01-02T03:04:05' '@1234567890' '2019-12-31'; do
	$BIN/fsu_touch "$img" -d "$d" /t1; touch -d "$d" "$T/m"
	t_eq "touch_d_$d" "$(mtime_of /t1)" "$(hmtime)"
done
for st in 202001020304 2001020304.05 01020304 1970010100.00; do
	$BIN/fsu_touch "$img" -t "$st" /t1; touch -t "$st" "$T/m"
	t_eq "touch_t_$st" "$(mtime_of /t1)" "$(hmtime)"
done
t_ok touch_r $BIN/fsu_touch "$img" -r /d1/d2/d3/f /t1
t_eq touch_r_same "$(mtime_of /t1)" "$(mtime_of /d1/d2/d3/f)"
t_fail touch_bad_date $BIN/fsu_touch "$img" -d 2020-13-45 /t1
t_ok touch_m_only bash -c "$BIN/fsu_touch '$img' -a -d @1000 /t1 && $BIN/fsu_stat '$img' /t1 | grep -q 'Modify: 2001-01-01'"

# 6: find, against find(1) on the source tree
mke2fs -q -F -t ext2 -b 1024 -d "$S" "$img" 8M >/dev/null 2>&1
t_eq find_mtime_plus "$(ffind -mtime +1000)" "$(hfind -mtime +1000)"
t_eq find_mtime_minus "$(ffind -mtime -1)" "$(hfind -mtime -1)"
t_eq find_newer "$(ffind -newer /d1/d2/d3/f)" "$(hfind -newer d1/d2/d3/f)"
for p in 755 -004 /070 -u+x; do
	t_eq "find_perm_$p" "$(ffind -perm $p)" "$(hfind -perm $p)"
done
t_eq find_user "$(ffind -user root -type f)" "$(hfind -user root -type f)"
t_eq find_user_num "$(ffind -user 0 -type d)" "$(hfind -user 0 -type d)"
t_eq find_maxdepth "$(ffind -maxdepth 1)" "$(hfind -maxdepth 1)"
t_eq find_mindepth "$(ffind -mindepth 3)" "$(hfind -mindepth 3)"
t_eq find_exec_semi "$($BIN/fsu_find "$img" /d1 -type f -exec echo got {} \;)" "got /d1/d2/d3/f"
t_eq find_exec_plus "$($BIN/fsu_find "$img" / -maxdepth 1 -name 't*' -exec echo {} + | tr ' ' '\n' | sort | tr '\n' ' ')" "/t1 /t2 "
t_eq find_exec_false "$($BIN/fsu_find "$img" / -name 't*' -exec false {} \; -print)" ""
t_ok find_delete $BIN/fsu_find "$img" /d1 -delete
t_fail find_deleted $BIN/fsu_stat "$img" /d1
t_ok find_delete_clean e2fsck -fn "$img"

# 7: diff -u, against diff(1); the header's times are each side's own
udiff() { "$@" | tail -n +3; }
t_eq diff_u_image "$(udiff $BIN/fsu_diff "$img" /t1 /t2)" "$(udiff diff -u "$S/t1" "$S/t2")"
t_eq diff_u_host "$(udiff $BIN/fsu_diff "$img" -H /t1 "$S/t2")" "$(udiff diff -u "$S/t1" "$S/t2")"
t_eq diff_u_head "$($BIN/fsu_diff "$img" /t1 /t2 | head -2 | cut -c1-7 | tr '\n' ' ')" "--- /t1 +++ /t2 "
t_eq diff_binary "$($BIN/fsu_diff "$img" /t1 /bin)" "Binary files /t1 and /bin differ"
t_eq diff_same_host "$($BIN/fsu_diff "$img" -H /t1 "$S/t1"; echo $?)" 0
t_eq diff_exit "$($BIN/fsu_diff "$img" /t1 /t2 >/dev/null; echo $?)" 1
t_eq diff_q "$($BIN/fsu_diff "$img" -q /t1 /t2)" "Files /t1 and /t2 differ"
t_ok diff_tree_host $BIN/fsu_diff "$img" -H /e "$S/e"

# 8: ln -s makes mode 0777
$BIN/fsu_ln "$img" -s t1 /sl
t_ok ln_s_0777 bash -c "$BIN/fsu_stat '$img' /sl | grep -q 'Access: (0777/lrwxrwxrwx)'"

# 9: progress on a terminal only
if command -v script >/dev/null; then
	script -qc "$BIN/fsu_get '$img' -R / '$T/tty.out'" /dev/null >"$T/tty.log" 2>&1
	t_ok progress_tty grep -q 'fsu_get: [0-9]* files, ' "$T/tty.log"
else
	t_skip progress_tty "no script(1)"
fi
t_eq progress_not_tty "$($BIN/fsu_get "$img" -R / "$T/notty.out" 2>&1)" ""

# 10: -t aliases, and errors naming only drivers that exist
for t in ext2 ext3 ext4 ext2fs; do
	t_ok "type_$t" $BIN/fsu_ls -t $t "$img" /
done
makefs -t ffs -s 4m "$T/f.img" "$S/e" >/dev/null 2>&1 &&
    for t in ufs ffs; do t_ok "type_$t" $BIN/fsu_ls -t $t "$T/f.img" /; done
head -c 1048576 /dev/zero >"$T/zero.img"
# every driver the message names is one in this build (a rump_<fs> each)
tried_all_built() {
	local msg fs
	msg=$($BIN/fsu_ls "$T/zero.img" / 2>&1)
	[[ $msg == *"(tried "*")" ]] || { echo "$msg"; return 1; }
	msg=${msg##*(tried }
	for fs in ${msg%)}; do
		fs=${fs%,}
		[ -x "$BIN/rump_$fs" ] || { echo "$fs: no such driver"; return 1; }
	done
}
t_ok type_none_msg tried_all_built

# 11: --help and --version, exit 0, on stdout
for c in $(sed -n 's/^FSU_COMMANDS := //; /^FSU_COMMANDS/,/^FSU_SRCS/p' fsu/module.mk | tr -d '\\' | sed 's/FSU_COMMANDS :=//; /FSU_SRCS/d'); do
	t_ok "help_$c" bash -c "$BIN/fsu_$c --help 2>/dev/null | grep -q '^usage: fsu_$c'"
	t_ok "version_$c" bash -c "$BIN/fsu_$c --version 2>/dev/null | grep -q '^fsu_$c [0-9]'"
done
t_ok help_fsu bash -c "$BIN/fsu --help | grep -q '^usage: fsu'"
t_ok image_clean e2fsck -fn "$img"
