#!/usr/bin/env bash
# fs-utils on host:/path (an NFSv3 export) in place of an image: the nfs
# driver inside the tool, against nfs-ganesha on 127.0.0.1 (ganesha.sh),
# always with port= and mountport= (rpcbind may know another ganesha).
#  - a tree put, compared on the server side (diff -r, modes and sizes),
#    got back identical; fsu_ls -l names and sizes as ls -l's on the
#    export; fsu_cat's bytes; every other command once, and script mode.
#  - the options reach the driver: a wrong port= or mountport= fails
#    (no portmapper fallback); the portmapper when it knows our server.
#  - the caller's ids are the server's: an ordinary user's file is its
#    own there, a root 0600 file is not readable, a root 0755 directory
#    not writable, a 0640 file of one of its supplementary groups is.
#  - one line and a non-zero exit, bounded: no such export, no server,
#    a bad special, a bad option value.
set -u
. tests/lib.sh
t_begin
BIN=$(cd "$BIN" && pwd)
. rump/fs/nfs/tests/ganesha.sh
if ! why=$(gan_usable); then
	t_skip fsu_nfs "$why"
	exit 0
fi
T=$(t_tmpdir)
T=$(cd "$T" && pwd)
gan_t_start "$T" 36000 || exit 0
EXP=$GAN_EXP
SP=127.0.0.1:$EXP
OPTS="-o $GAN_OPTS"
# fsu_<cmd> with our ports on the export, bounded
f() { local c=$1; shift; t_to "$BIN/fsu_$c" $OPTS "$SP" "$@"; }

# types, modes and sizes by path (no mtimes: put -p sets them, but a
# directory's changes as its entries are written)
listing() {
	(cd "$1" && find . ! -type l -printf '%p %y %m %s\n' | sort)
}
S=$T/src
mkdir -p "$S/sub/d1/d2" "$S/empty" "$S/flat"
echo hello >"$S/hello.txt"
: >"$S/zero"
head -c 1500000 /dev/urandom >"$S/big.bin"
head -c 5000 /dev/urandom >"$S/sub/d1/d2/five"
for n in 1 22 333 4444; do head -c $n /dev/urandom >"$S/flat/f$n"; done
ln -s ../hello.txt "$S/sub/link"
chmod 0640 "$S/hello.txt"
chmod 0751 "$S/sub"
chmod 0700 "$S/empty"

# --- put, compare on the server, get back ---------------------------------
t_ok put_tree t_long 120 "$BIN/fsu_put" $OPTS "$SP" -Rp "$S" /tree
t_ok put_diff diff -r --no-dereference "$S" "$EXP/tree"
t_eq put_listing "$(listing "$EXP/tree")" "$(listing "$S")"
t_eq put_link "$(readlink "$EXP/tree/sub/link")" ../hello.txt
t_ok get_tree t_long 120 "$BIN/fsu_get" $OPTS "$SP" -Rp /tree "$T/back"
t_ok get_diff diff -r --no-dereference "$S" "$T/back"
t_eq get_listing "$(listing "$T/back")" "$(listing "$S")"

# names and sizes of ls -l (field 5 and the last)
sizes() { awk 'NF > 2 { print $5, $NF }'; }
t_eq ls_l "$(f ls -l /tree/flat | sizes)" "$(ls -l "$EXP/tree/flat" | sizes)"
t_eq ls_names "$(f ls /tree | tr '\n' ' ')" \
    "$(ls "$EXP/tree" | tr '\n' ' ')"
t_ok cat_bytes cmp <(f cat /tree/big.bin) "$S/big.bin"
t_eq cat_small "$(f cat /tree/hello.txt)" hello

# --- the other commands, each seen on the server ----------------------------
t_ok mkdir f mkdir -p /made/a/b
t_ok mkdir_server test -d "$EXP/made/a/b"
t_ok rmdir f rmdir /made/a/b
t_ok rmdir_server test ! -e "$EXP/made/a/b" -a -d "$EXP/made/a"
t_ok rm_r f rm -r /tree/sub
t_ok rm_r_server test ! -e "$EXP/tree/sub" -a -e "$EXP/tree/hello.txt"
t_ok cp f cp /tree/flat/f333 /made/copy
t_ok cp_server cmp "$EXP/made/copy" "$S/flat/f333"
t_ok mv f mv /made/copy /made/moved
t_ok mv_server test -f "$EXP/made/moved" -a ! -e "$EXP/made/copy"
t_ok ln f ln /made/moved /made/hard
t_eq ln_server "$(stat -c %h "$EXP/made/moved")" 2
t_ok ln_s f ln -s moved /made/soft
t_eq ln_s_server "$(readlink "$EXP/made/soft")" moved
t_ok chmod f chmod 0604 /made/moved
t_eq chmod_server "$(stat -c %a "$EXP/made/moved")" 604
t_ok chown f chown 1234:5678 /made/moved
t_eq chown_server "$(stat -c %u:%g "$EXP/made/moved")" 1234:5678
t_ok touch f touch -t 200102030405.06 /made/moved
touch -t 200102030405.06 "$T/ref"
t_eq touch_server "$(stat -c %Y "$EXP/made/moved")" "$(stat -c %Y "$T/ref")"
t_ok write t_to bash -c 'echo written | "$@"' _ "$BIN/fsu_write" $OPTS \
    "$SP" /made/w
t_eq write_server "$(cat "$EXP/made/w")" written
t_eq stat_size "$(f stat /tree/big.bin | sed -n 's/.*Size: \([0-9]*\).*/\1/p')" \
    1500000
t_eq find "$(f find /tree/flat -type f | sort | tr '\n' ' ')" \
    "/tree/flat/f1 /tree/flat/f22 /tree/flat/f333 /tree/flat/f4444 "
t_ok du f du -s /tree
t_eq df "$(f df | grep -c "$SP")" 1
t_ok diff_same f diff -H /tree/flat/f4444 "$S/flat/f4444"
t_fail diff_differs f diff -H /tree/flat/f4444 "$S/flat/f22"
t_ok diff_in f diff /tree/flat /tree/flat
t_ok script t_to "$BIN/fsu" $OPTS "$SP" -c \
    "mkdir /s; put $S/hello.txt /s/h; mv /s/h /s/g; ls -l /s"
t_eq script_server "$(cat "$EXP/s/g")" hello

# --- the options reach the driver -------------------------------------------
MP=$((GAN_PORT + 1))
# (the driver says EIO for a refused NFS port once MOUNT has answered)
t_ok bad_port t_refused "$SP" t_to "$BIN/fsu_ls" \
    -o port=1,mountport=$MP,soft,timeo=2,retrans=1 "$SP" /
t_ok bad_mountport t_refused "server unreachable" t_to "$BIN/fsu_ls" \
    -o port=$GAN_PORT,mountport=1,soft,timeo=2,retrans=1 "$SP" /
t_fail ro_refused t_to "$BIN/fsu_mkdir" -o "$GAN_OPTS,ro" "$SP" /never
t_ok ro_server test ! -e "$EXP/never"
t_eq udp "$(t_to "$BIN/fsu_cat" -o "$GAN_OPTS,udp,rsize=8192" "$SP" \
    /tree/hello.txt)" hello
if rpcinfo -p 127.0.0.1 2>/dev/null |
    awk -v p="$GAN_PORT" '$1 == 100003 && $3 == "tcp" && $4 == p' | grep -q .
then
	t_eq portmapper "$(t_to "$BIN/fsu_cat" "$SP" /tree/hello.txt)" hello
else
	t_skip portmapper "rpcbind does not list our server"
fi

# --- an ordinary user: the server decides with its ids ----------------------
if t_unpriv_user fsunfs; then
	NU=$(id -u fsunfs)
	NG=$(id -g fsunfs)
	AS="setpriv --reuid=$NU --regid=$NG --clear-groups"
	mkdir -m 0777 "$EXP/rw"
	mkdir -m 0755 "$EXP/rw/rootdir"
	echo secret >"$EXP/rw/secret"
	chmod 0600 "$EXP/rw/secret"
	t_ok user_write t_to $AS bash -c 'echo mine | "$@"' _ \
	    "$BIN/fsu_write" $OPTS "$SP" /rw/mine
	t_eq user_owner "$(stat -c %u:%g "$EXP/rw/mine" 2>&1)" "$NU:$NG"
	t_fail user_read_denied t_to $AS "$BIN/fsu_cat" $OPTS "$SP" /rw/secret
	t_fail user_mkdir_denied t_to $AS "$BIN/fsu_mkdir" $OPTS "$SP" \
	    /rw/rootdir/x
	t_ok user_denied_server test ! -e "$EXP/rw/rootdir/x"
	t_eq root_reads "$(f cat /rw/secret)" secret
	# supplementary groups go too: a 0640 root:daemon file
	DG=$(getent group daemon | cut -d: -f3)
	echo grp >"$EXP/rw/grpfile"
	chown 0:"$DG" "$EXP/rw/grpfile"
	chmod 0640 "$EXP/rw/grpfile"
	t_eq user_group_reads "$(t_to setpriv --reuid=$NU --regid=$NG \
	    --groups=$DG "$BIN/fsu_cat" $OPTS "$SP" /rw/grpfile)" grp
	t_fail user_nogroup_denied t_to $AS "$BIN/fsu_cat" $OPTS "$SP" \
	    /rw/grpfile
else
	t_skip user "no ordinary user could be made"
fi

# --- errors: one line, non-zero, bounded --------------------------------------
t_ok err_noexport t_refused "127.0.0.1:/no/such/export|no such export" \
    t_to "$BIN/fsu_ls" $OPTS 127.0.0.1:/no/such/export /
t_ok err_noserver t_refused "127.0.0.1:/nowhere|server unreachable" \
    t_to "$BIN/fsu_ls" -o port=1,mountport=1,soft,timeo=2,retrans=1 \
    127.0.0.1:/nowhere /
t_ok err_special t_refused "nohost|not host:/path" \
    t_to "$BIN/fsu_ls" -t nfs nohost /
t_ok err_option t_refused "rsize=abc|a number from" \
    t_to "$BIN/fsu_ls" -o rsize=abc "$SP" /
# a local file of that name is an image, not an export
if command -v mke2fs >/dev/null; then
	mkdir -p "$T/h:" "$T/imgsrc"
	echo local >"$T/imgsrc/inimage"
	mke2fs -q -F -t ext2 -d "$T/imgsrc" "$T/h:/img" 1M >/dev/null 2>&1
	t_eq local_colon_image "$(cd "$T" && t_to "$BIN/fsu_cat" h:/img \
	    /inimage)" local
else
	t_skip local_colon_image "no mke2fs"
fi
