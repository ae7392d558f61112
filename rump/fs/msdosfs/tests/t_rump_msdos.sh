#!/usr/bin/env bash
# rump_msdos and the fs-utils on FAT images as a user meets them (issue
# 24): images made by mkfs.fat -F 12, 16 and 32 and filled by mtools
# (long, UTF-8 and 8.3 names) read back byte for byte; a tree written
# through the mount passes fsck.fat -n and mtools reads it back; the
# mount_msdos flags (-u -g -m -M -s, as names and as -o words) shown by
# stat; the dirty bit in FAT[1] set while mounted read-write and cleared
# by the unmount; an ordinary user's mount; mount(8) -t fuse.rump_msdos
# and an fstab line; hostile images refused with one line; an MBR
# partition (img%PART:1%); fsu_* on FAT.
# Servers run under lib.sh's watchdog; every command touching a mount is
# bounded (t_to).  Parts needing the driver skip, saying why, until it
# mounts (read path) or writes (write path).
set -u
. tests/lib.sh
BIN=$(cd "$BIN" && pwd)
USR=rumptest
ROOT=false; [ "$(id -u)" = 0 ] && ROOT=true
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8
for tool in mkfs.fat fsck.fat mcopy mmd mdir mtype mattrib; do
	if ! command -v $tool >/dev/null; then
		t_skip "rump_msdos" "no $tool (dosfstools, mtools)"
		echo "1..$_t_n"
		exit 0
	fi
done
FUSE=true; t_have_fuse || FUSE=false
# images and mount points where the test user reaches them
T=$(t_mntdir)
T_SERVE_LOG=$T/server.log
M=$T/mnt UM=$T/umnt
mkdir -p "$M" "$UM"
if $ROOT; then
	if t_unpriv_user "$USR"; then chown "$USR" "$UM"; else ROOT=false; fi
fi
as_user() { t_to runuser -u "$USR" -- "$@"; }

# --- the source tree and the images --------------------------------------
SRC=$T/src
mkdir -p "$SRC/Sub Dir/deeper" "$SRC/many"
echo "spaces" >"$SRC/A long file name with spaces.txt"
echo "accents" >"$SRC/Ünïcødé ñame.txt"
echo "cjk" >"$SRC/日本語のファイル.txt"
# mtools 4.0 keeps only the low 16 bits of a character past U+FFFF (an
# emoji becomes U+F600): such names are written through the mount only
ASTRAL="emoji 😀 face.txt"
echo "upper" >"$SRC/README.TXT"
echo "lower" >"$SRC/lower.txt"
echo "mixed" >"$SRC/MiXeD.TxT"
: >"$SRC/empty"
printf 'x%.0s' $(seq 1 200) >"$SRC/$(printf 'n%.0s' $(seq 1 200)).long"
head -c 300000 /dev/urandom >"$SRC/Sub Dir/big.bin"
echo deep >"$SRC/Sub Dir/deeper/leaf"
# more entries than one cluster holds
for i in $(seq 1 60); do echo $i >"$SRC/many/entry number $i"; done

size_of() { case $1 in 12) echo 4096 ;; 16) echo 16384 ;; 32) echo 34000 ;; esac; }
# mkimg bits img [tree]: mkfs.fat -F bits, then mcopy -s of the tree
mkimg() {
	rm -f "$2"
	mkfs.fat -F "$1" -C "$2" "$(size_of "$1")" >/dev/null 2>&1 || return
	[ -z "${3:-}" ] || mcopy -s -Q -i "$2" "$3"/* ::/ 2>&1
}

# --- is the driver there, and does it write? ------------------------------
DRV_WHY='' WR_WHY=''
probe_driver() {
	local img=$T/probe.img out
	mkimg 16 "$img" "$SRC" >/dev/null || { DRV_WHY="mkfs.fat failed"; return; }
	if ! out=$(timeout 30 "$BIN/fsu_cat" -t msdos "$img" /README.TXT 2>&1) ||
	    [ "$out" != upper ]; then
		DRV_WHY="the msdos driver does not read yet: $(head -1 <<<"$out")"
		WR_WHY=$DRV_WHY
		return
	fi
	if ! out=$(timeout 30 "$BIN/fsu_put" -t msdos "$img" "$SRC/lower.txt" /written.txt 2>&1); then
		WR_WHY="the msdos driver does not write yet: $(head -1 <<<"$out")"
	fi
	rm -f "$img"
}
# skip name unless the driver reads (r) or writes (w) and FUSE is there
need() {	# r|w name [fuse]
	local why=$DRV_WHY
	[ "$1" = w ] && why=$WR_WHY
	[ -z "$why" ] && [ "${3:-}" = fuse ] && ! $FUSE && why="no /dev/fuse or fusermount3"
	[ -z "$why" ] && return 0
	t_skip "$2" "$why"
	return 1
}

srv() { t_to "$BIN/rump_msdos" "$@"; }
# a foreground server in the background (the mount point last)
serve() { t_serve "${@: -1}" "$BIN/rump_msdos" -f "$@"; }

# --- 1. the flags and words, before anything is mounted -------------------
sec_options() {
	local img=$T/opt.img h out
	mkimg 16 "$img" >/dev/null
	h=$("$BIN/rump_msdos" --help 2>&1)
	t_ok help_flags bash -c "grep -q '^usage: rump_msdos .*\[-sl9\] \[-u uid\] \[-g gid\] \[-m mask\] \[-M mask\] \[-t gmtoff\]' <<<\"\$1\"" _ "$h"
	t_ok help_words grep -q 'mask=mode, dirmask=mode, gmtoff=seconds' <<<"$h"
	t_fail help_no_single grep -q '^  -s  single-threaded' <<<"$h"
	t_ok ffs_keeps_s bash -c "'$BIN/rump_ffs' --help | grep -q '^  -s  single-threaded'"
	t_ok bad_mask_flag t_refused "rump_msdos: -o mask=abc: not an octal mode" srv -m abc "$img" "$M"
	t_ok bad_mask_word t_refused "rump_msdos: -o mask=abc: not an octal mode" srv -o mask=abc "$img" "$M"
	t_ok bad_dirmask t_refused "rump_msdos: -o dirmask=8: not an octal mode" srv -M 8 "$img" "$M"
	t_ok mask_too_big t_refused "rump_msdos: -o mask=4755: " srv -m 4755 "$img" "$M"
	t_ok bad_user t_refused "rump_msdos: -o uid=no-such-user: no such user" srv -u no-such-user "$img" "$M"
	t_ok bad_group t_refused "rump_msdos: -o gid=no-such-group: no such group" srv -o gid=no-such-group "$img" "$M"
	t_ok bad_gmtoff t_refused "rump_msdos: -o gmtoff=1h: " srv -t 1h "$img" "$M"
	t_ok gmtoff_range t_refused "rump_msdos: -o gmtoff=90000: " srv -t 90000 "$img" "$M"
	t_ok shortnames_value t_refused "rump_msdos: -o shortnames=1: " srv -o shortnames=1 "$img" "$M"
	t_ok uid_no_value t_refused "rump_msdos: -o uid: " srv -o uid "$img" "$M"
	t_fail flag_no_value srv "$img" "$M" -u
	# an unknown flag: said, then the usage
	out=$(srv -x "$img" "$M" 2>&1)
	t_eq unknown_flag "$?:$(head -1 <<<"$out")" "2:rump_msdos: unknown flag -x"
}

# --- 1b. the registration alone: the probe, mount_msdos's defaults --------
REGTOOL=$TESTS/msdos_regtool
probe_says() { "$REGTOOL" probe "$1" 2>&1 | sed 's/.*: //'; }
args_of() { TZ=${TZ_ARGS:-UTC} "$REGTOOL" args "$@" 2>&1 | sed 's/ mntflags=.*//'; }
sec_registration() {
	local b img=$T/reg.img me
	if [ ! -x "$REGTOOL" ]; then
		t_skip registration "no $REGTOOL"; return
	fi
	for b in 12 16 32; do
		mkimg $b "$img" >/dev/null
		t_eq "probe_fat$b" "$(probe_says "$img")" yes
	done
	rm -f "$img"; mkfs.fat -F 16 -f 1 -S 4096 -C "$img" 65536 >/dev/null 2>&1
	t_eq probe_one_fat_4k "$(probe_says "$img")" yes
	head -c 4194304 /dev/zero >"$img"
	t_eq probe_zeroes "$(probe_says "$img")" no
	if command -v mke2fs >/dev/null && mke2fs -q -F -t ext2 "$img" 4M >/dev/null 2>&1; then
		t_eq probe_ext2 "$(probe_says "$img")" no
	fi
	if command -v makefs >/dev/null && rm -f "$img" &&
	    makefs -t ffs -s 4m "$img" "$SRC/Sub Dir" >/dev/null 2>&1; then
		t_eq probe_ffs "$(probe_says "$img")" no
	fi
	if command -v xorriso >/dev/null && rm -f "$img" &&
	    xorriso -as mkisofs -quiet -o "$img" "$SRC/many" >/dev/null 2>&1; then
		t_eq probe_iso9660 "$(probe_says "$img")" no
	fi
	if command -v mkfs.exfat >/dev/null && rm -f "$img" && truncate -s 8M "$img" &&
	    mkfs.exfat "$img" >/dev/null 2>&1; then
		t_eq probe_exfat "$(probe_says "$img")" no
	fi
	me="uid=$(id -u) gid=$(id -g)"
	t_eq args_defaults "$(args_of)" "$me mask=755 dirmask=755 flags=0 gmtoff=0"
	t_eq args_gmtoff_host "$(TZ_ARGS=UTC-2 args_of)" "$me mask=755 dirmask=755 flags=0 gmtoff=7200"
	t_eq args_dirmask_follows "$(args_of mask=644)" "$me mask=644 dirmask=644 flags=0 gmtoff=0"
	t_eq args_dirmask_first "$(args_of dirmask=700,mask=644)" "$me mask=644 dirmask=700 flags=0 gmtoff=0"
	t_eq args_dirmask_last "$(args_of mask=644,dirmask=700)" "$me mask=644 dirmask=700 flags=0 gmtoff=0"
	t_eq args_names_last "$(args_of shortnames,nowin95,longnames)" "$me mask=755 dirmask=755 flags=2 gmtoff=0"
	t_eq args_nowin95 "$(args_of nowin95)" "$me mask=755 dirmask=755 flags=4 gmtoff=0"
	t_eq args_ids "$(args_of uid=bin,gid=7,gmtoff=-18000)" "uid=$(id -u bin) gid=7 mask=755 dirmask=755 flags=0 gmtoff=-18000"
	t_eq args_ro "$(TZ=UTC "$REGTOOL" args ro,mask=600 | sed 's/.*mntflags=//')" "0x1"
	t_eq args_bad_mask "$(args_of mask=-1)" "msdos_regtool: -o mask=-1: not an octal mode"
}

# --- 2. hostile images: refused with one line naming the image ------------
poke() {	# image offset printf-bytes
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
sec_hostile() {
	local good=$T/good.img h=$T/hostile.img
	mkimg 16 "$good" "$SRC" >/dev/null
	head -c 300 "$good" >"$h"
	t_ok hostile_truncated_boot t_refused "rump_msdos: $h: not an msdos file system" srv "$h" "$M"
	cp "$good" "$h"; dd if=/dev/zero of="$h" bs=512 count=1 conv=notrunc 2>/dev/null
	t_ok hostile_zero_boot t_refused "rump_msdos: $h: not an msdos file system" srv "$h" "$M"
	cp "$good" "$h"; poke "$h" 11 '\x64\x00'	# 100 bytes per sector
	t_ok hostile_bad_bps t_refused "rump_msdos: $h: not an msdos file system" srv "$h" "$M"
	cp "$good" "$h"; poke "$h" 13 '\x03'		# 3 sectors per cluster
	t_ok hostile_bad_spc t_refused "rump_msdos: $h: not an msdos file system" srv "$h" "$M"
	t_ok hostile_fsu_zero_boot t_refused "$h" t_to "$BIN/fsu_ls" -t msdos "$h" /
	# what passes the probe (or libblkid's, which takes 7 FATs) is the
	# driver's to refuse: a boot sector whose volume is cut off, a bad
	# FAT count
	head -c 65536 "$good" >"$h"
	if need r hostile_truncated_rest fuse; then
		t_ok hostile_truncated_rest t_refused "$h" srv "$h" "$M"
	fi
	if need r hostile_fsu_truncated_rest; then
		t_ok hostile_fsu_truncated_rest t_refused "$h" t_to "$BIN/fsu_ls" "$h" /
	fi
	cp "$good" "$h"; poke "$h" 16 '\x07'
	if need r hostile_bad_nfats fuse; then
		t_ok hostile_bad_nfats t_refused "rump_msdos: $h" srv "$h" "$M"
	fi
	# the probe does not take other file systems for FAT
	if command -v mke2fs >/dev/null; then
		mke2fs -q -F -t ext2 "$T/e2.img" 4M >/dev/null 2>&1
		t_ok ext2_not_fat t_refused "rump_msdos: $T/e2.img: not an msdos file system (found ext2fs)" srv "$T/e2.img" "$M"
		t_ok fat_not_ext2 t_refused "rump_ext2fs: $good: not an ext2fs file system (found msdos)" t_to "$BIN/rump_ext2fs" "$good" "$M"
	fi
}

# --- 3. mtools' images read through rump_msdos ----------------------------
sec_read() {	# bits
	local b=$1 img=$T/r$1.img out
	if ! out=$(mkimg "$b" "$img" "$SRC"); then
		t_notok "fat${b}_mtools_image" "$out"; return
	fi
	need r "fat${b}_read" fuse || return
	if ! serve -o ro "$img" "$M"; then
		t_notok "fat${b}_mount" "$(tail -3 "$T_SERVE_LOG")"; return
	fi
	t_ok "fat${b}_diff" t_to diff -r "$SRC" "$M"
	t_eq "fat${b}_names" "$(t_to ls -A "$M" | sort)" "$(ls -A "$SRC" | sort)"
	t_eq "fat${b}_stat_size" "$(t_to stat -c %s "$M/Sub Dir/big.bin")" 300000
	t_ok "fat${b}_case_insensitive" t_to cmp "$M/readme.txt" "$SRC/README.TXT"
	t_ok "fat${b}_unmount" t_unserve "$M"
}

# --- 4. the dirty bit: FAT[1]'s clean bit --------------------------------
# 1 if the volume is marked clean, 0 if dirty (FAT16: bit 15 of FAT[1],
# FAT32: bit 27); the first FAT starts after the reserved sectors
clean_bit() {	# img bits
	local bps res v
	bps=$(od -An -tu2 -j11 -N2 "$1") res=$(od -An -tu2 -j14 -N2 "$1")
	if [ "$2" = 16 ]; then
		v=$(od -An -tu2 -j$((bps * res + 2)) -N2 "$1")
		echo $(((v >> 15) & 1))
	else
		v=$(od -An -tu4 -j$((bps * res + 4)) -N4 "$1")
		echo $(((v >> 27) & 1))
	fi
}

# --- 5. a tree written through the mount ---------------------------------
sec_write() {	# bits
	local b=$1 img=$T/w$1.img out=$T/out$1
	mkimg "$b" "$img" >/dev/null
	need w "fat${b}_write" fuse || return
	if ! serve "$img" "$M"; then
		t_notok "fat${b}_rw_mount" "$(tail -3 "$T_SERVE_LOG")"; return
	fi
	[ "$b" != 12 ] && t_eq "fat${b}_dirty_while_mounted" "$(clean_bit "$img" "$b")" 0
	t_ok "fat${b}_copy_in" t_to cp -r "$SRC/." "$M/"
	t_ok "fat${b}_diff_mounted" t_to diff -r "$SRC" "$M"
	t_ok "fat${b}_astral" t_to bash -c "echo astral >'$M/$ASTRAL'"
	[ "$b" != 12 ] && t_eq "fat${b}_dirty_after_sync" "$(t_to sync -f "$M/lower.txt" && clean_bit "$img" "$b")" 0
	t_ok "fat${b}_rename_dir" t_to mv "$M/Sub Dir" "$M/many/Moved Dir"
	t_ok "fat${b}_dotdot" t_to test "$M/many/Moved Dir/deeper/../.." -ef "$M/many"
	t_ok "fat${b}_rename_back" t_to mv "$M/many/Moved Dir" "$M/Sub Dir"
	t_ok "fat${b}_rm" t_to bash -c "echo gone >'$M/tmp file' && rm '$M/tmp file' && [ ! -e '$M/tmp file' ]"
	t_fail "fat${b}_no_symlink" t_to ln -s lower.txt "$M/link"
	t_fail "fat${b}_no_hardlink" t_to ln "$M/lower.txt" "$M/hard"
	# the owner's write bit is the read-only attribute
	t_ok "fat${b}_chmod_ro" t_to bash -c "echo ro >'$M/ro.txt' && chmod a-w '$M/ro.txt' && [ \"\$(stat -c %a '$M/ro.txt')\" = 555 ]"
	t_ok "fat${b}_unmount" t_unserve "$M"
	[ "$b" != 12 ] && t_eq "fat${b}_clean_after_unmount" "$(clean_bit "$img" "$b")" 1
	t_ok "fat${b}_fsck_clean" fsck.fat -n "$img"
	# a surrogate pair on the image, one character again
	t_eq "fat${b}_astral_back" "$(timeout 30 "$BIN/fsu_cat" "$img" "/$ASTRAL" 2>&1)" "astral"
	t_ok "fat${b}_astral_rm" timeout 30 "$BIN/fsu_rm" "$img" "/$ASTRAL"
	rm -rf "$out"; mkdir -p "$out"
	t_ok "fat${b}_mcopy_back" mcopy -s -Q -i "$img" ::/ "$out/"
	t_ok "fat${b}_mtools_diff" diff -r -x ro.txt "$SRC" "$out"
	t_ok "fat${b}_mdir_long" bash -c "mdir -i '$img' ::/ | grep -q 'A long file name with spaces.txt'"
	t_eq "fat${b}_mtype" "$(mtype -i "$img" "::/Sub Dir/deeper/leaf")" "deep"
	t_ok "fat${b}_readonly_attr" bash -c "mattrib -i '$img' ::/ro.txt | grep -q '^ *A *R '"
}

# --- 6. owners and modes (-u -g -m -M), short names (-s) -----------------
sec_flags() {
	local img=$T/flags.img
	mkimg 16 "$img" "$SRC" >/dev/null
	need r flags fuse || return
	if serve -u 1234 -g 5678 -m 640 -M 750 -o ro "$img" "$M"; then
		t_eq flags_file "$(t_to stat -c '%u %g %a' "$M/lower.txt")" "1234 5678 640"
		t_eq flags_dir "$(t_to stat -c '%u %g %a' "$M/Sub Dir")" "1234 5678 750"
		t_ok flags_unmount t_unserve "$M"
	else
		t_notok flags_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
	# names, and -M following -m when not given
	if serve -u bin -g daemon -m 600 -o ro "$img" "$M"; then
		t_eq flags_names "$(t_to stat -c '%u %g %a' "$M/lower.txt")" "$(id -u bin) $(getent group daemon | cut -d: -f3) 600"
		t_eq flags_dirmask_follows "$(t_to stat -c %a "$M/Sub Dir")" 600
		t_ok flags_names_unmount t_unserve "$M"
	else
		t_notok flags_names_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
	if serve -o ro,uid=4321,mask=444,dirmask=555 "$img" "$M"; then
		t_eq flags_words "$(t_to stat -c '%u %a' "$M/lower.txt" "$M/Sub Dir" | tr '\n' ' ')" "4321 444 4321 555 "
		t_ok flags_words_unmount t_unserve "$M"
	else
		t_notok flags_words_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
	# -t: the image's local times read as UTC+1 are an hour earlier
	local t0 t1
	if serve -t 0 -o ro "$img" "$M"; then
		t0=$(t_to stat -c %Y "$M/lower.txt")
		t_ok gmtoff0_unmount t_unserve "$M"
		if serve -t 3600 -o ro "$img" "$M"; then
			t1=$(t_to stat -c %Y "$M/lower.txt")
			t_eq gmtoff_shift "$((t0 - t1))" 3600
			t_ok gmtoff_unmount t_unserve "$M"
		else
			t_notok gmtoff_mount "$(tail -3 "$T_SERVE_LOG")"
		fi
	else
		t_notok gmtoff0_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
	if serve -9 -o ro "$img" "$M"; then
		t_eq nowin95_all_83 "$(t_to ls -A "$M" | grep -Evic '^[^.]{1,8}(\.[^.]{1,3})?$')" 0
		t_ok nowin95_unmount t_unserve "$M"
	else
		t_notok nowin95_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
	if serve -s -o ro "$img" "$M"; then
		# every name 8.3, the long ones by their generated short names
		t_eq shortnames_all_83 "$(t_to ls -A "$M" | grep -Evic '^[^.]{1,8}(\.[^.]{1,3})?$')" 0
		t_ok shortnames_generated t_to bash -c "ls '$M' | grep -qix 'alongf~1.txt'"
		t_eq shortnames_read "$(t_to cat "$M/subdir~1/deeper/leaf" 2>&1)" "deep"
		t_ok shortnames_unmount t_unserve "$M"
	else
		t_notok shortnames_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
}

# --- 7. an ordinary user mounts and writes --------------------------------
sec_user() {
	local img=$T/user.img
	if ! $ROOT; then
		t_skip user_mount "needs root to make the test user"; return
	fi
	mkimg 16 "$img" "$SRC" >/dev/null && chown "$USR" "$img"
	need w user_mount fuse || return
	t_ok user_mount t_daemon "$UM" runuser -u "$USR" -- "$BIN/rump_msdos" "$img" "$UM"
	t_eq user_owner "$(as_user stat -c %U "$UM/lower.txt" 2>&1)" "$USR"
	t_ok user_write as_user bash -c "mkdir '$UM/mine' && echo ours >'$UM/mine/f'"
	t_fail user_others_denied t_to runuser -u nobody -- ls "$UM"
	t_ok user_unmount as_user fusermount3 -u "$UM"
	t_ok user_gone t_unserve "$UM"
	t_ok user_fsck fsck.fat -n "$img"
	t_eq user_mtype "$(mtype -i "$img" ::/mine/f)" "ours"
}

# --- 8. mount(8) -t fuse.rump_msdos, an fstab line ----------------------
sec_mount8() {
	local link=/usr/local/sbin/rump_msdos ft=$T/fstab img=$T/m8.img
	if ! $ROOT; then
		t_skip mount8 "needs root"; return
	fi
	mkimg 32 "$img" "$SRC" >/dev/null
	need w mount8 fuse || return
	# mount(8) runs helpers with a fixed PATH: link the server into it
	if [ ! -e "$link" ] && mkdir -p /usr/local/sbin &&
	    ln -s "$BIN/rump_msdos" "$link"; then
		t_atexit "rm -f '$link'"
	elif [ "$(readlink "$link")" != "$BIN/rump_msdos" ]; then
		t_skip mount8 "$link is another server"; return
	fi
	t_ok mount8 t_to mount -t fuse.rump_msdos "$img" "$M" -o uid=1000,mask=644
	t_wait_mounted "$M" && t_adopt "$M"
	t_eq mount8_type "$(awk -v m="$M" '$2 == m {print $3}' /proc/mounts)" "fuse.rump_msdos"
	t_eq mount8_words "$(t_to stat -c '%u %a' "$M/lower.txt")" "1000 644"
	t_ok mount8_write t_to bash -c "echo m8 >'$M/m8.txt'"
	t_ok mount8_umount t_to umount "$M"
	t_ok mount8_gone t_unserve "$M"
	# mask is mount_msdos's (the bits kept), not a umask: 022 is 022
	echo "$img $M fuse.rump_msdos uid=1000,mask=022 0 0" >"$ft"
	t_ok fstab_mount t_to mount -T "$ft" "$M"
	t_wait_mounted "$M" && t_adopt "$M"
	t_eq fstab_read "$(t_to cat "$M/m8.txt" 2>&1)" "m8"
	t_eq fstab_words "$(t_to stat -c '%u %a' "$M/m8.txt" "$M/Sub Dir" | tr '\n' ' ')" "1000 22 1000 22 "
	t_ok fstab_umount t_to umount "$M"
	t_ok fstab_gone t_unserve "$M"
	t_ok fstab_fsck fsck.fat -n "$img"
}

# --- 8b. a FAT partition of a disk image (MBR) -----------------------------
sec_partition() {
	local disk=$T/disk.img
	if ! command -v sfdisk >/dev/null; then
		t_skip partition "no sfdisk"; return
	fi
	rm -f "$disk"; truncate -s 20M "$disk"
	printf 'start=2048, size=36864, type=6\n' | sfdisk -q "$disk" >/dev/null 2>&1 &&
	    mkfs.fat -F 16 --offset 2048 "$disk" 18432 >/dev/null 2>&1 &&
	    mcopy -Q -i "$disk@@1M" "$SRC/lower.txt" ::/ ||
	    { t_notok partition_image; return; }
	need r partition_fsu || return
	t_eq partition_fsu "$(timeout 30 "$BIN/fsu_cat" "$disk%PART:1%" /lower.txt 2>&1)" lower
	need w partition_mount fuse || return
	if serve "$disk%PART:1%" "$M"; then
		t_ok partition_write t_to bash -c "echo part >'$M/p.txt'"
		t_ok partition_unmount t_unserve "$M"
		t_eq partition_mtype "$(mtype -i "$disk@@1M" ::/p.txt)" part
	else
		t_notok partition_mount "$(tail -3 "$T_SERVE_LOG")"
	fi
}

# --- 9. the fs-utils on a FAT image (autodetected) ------------------------
sec_fsu() {
	local img=$T/fsu.img
	mkimg 12 "$img" "$SRC" >/dev/null
	need r fsu_ls || return
	t_ok fsu_ls_long bash -c "timeout 30 '$BIN/fsu_ls' '$img' / | grep -qx 'A long file name with spaces.txt'"
	t_ok fsu_ls_utf8 bash -c "timeout 30 '$BIN/fsu_ls' '$img' / | grep -qx '日本語のファイル.txt'"
	t_eq fsu_cat "$(timeout 30 "$BIN/fsu_cat" "$img" "/Sub Dir/deeper/leaf" 2>&1)" "deep"
	t_ok fsu_cat_big bash -c "timeout 30 '$BIN/fsu_cat' '$img' '/Sub Dir/big.bin' | cmp - '$SRC/Sub Dir/big.bin'"
	# the same -o words as the server's
	t_eq fsu_words "$(timeout 30 "$BIN/fsu_ls" -o uid=4321,mask=640 "$img" -l / 2>&1 | awk '$NF == "lower.txt" {print $1, $3}')" "-rw-r----- 4321"
	t_ok fsu_bad_word t_refused "fsu_ls: $img: -o mask=abc: not an octal mode" timeout 30 "$BIN/fsu_ls" -o mask=abc "$img" /
	need w fsu_put || return
	echo "put by fsu" >"$T/put.txt"
	t_ok fsu_put timeout 30 "$BIN/fsu_put" "$img" "$T/put.txt" "/Put Here.txt"
	t_eq fsu_put_mtype "$(mtype -i "$img" "::/Put Here.txt")" "put by fsu"
	t_ok fsu_put_fsck fsck.fat -n "$img"
}

probe_driver
[ -n "$DRV_WHY" ] && echo "# $DRV_WHY"
[ -n "$WR_WHY" ] && [ "$WR_WHY" != "$DRV_WHY" ] && echo "# $WR_WHY"
sec_options
sec_registration
sec_hostile
for b in 12 16 32; do sec_read $b; done
for b in 12 16 32; do sec_write $b; done
sec_flags
sec_user
sec_mount8
sec_partition
sec_fsu
echo "1..$_t_n"
