#!/usr/bin/env bash
# One big FAT directory changed in one mount, where the driver answers
# lookups, alias choices and free-slot searches from its names by hash
# (msdosfs_dircache.c): hundreds of long names sharing a basis (numeric
# tails), removals, renames to shorter names (holes too small for the
# next long name) and to longer ones, then more names filling the holes.
# The same changes on a host copy: the trees must match, in that mount
# and in a fresh one, lookups fold case, and fsck.fat -n finds the
# directory clean (no two entries sharing slots or a short name).
. tests/lib.sh
t_begin
TOOL=$TESTS/msdos_tool
for c in mkfs.fat fsck.fat mdir; do
	if ! command -v $c >/dev/null; then
		t_skip "msdosfs big directory" "$c not installed"
		exit 0
	fi
done
export MTOOLS_SKIP_CHECK=1
tmp=$(t_tmpdir)
host=$tmp/host
mkdir -p "$host/d"
echo x >"$tmp/x"

# the script for msdos_tool, and the same on the host copy
ops=$tmp/ops
: >"$ops"
put() {
	printf 'put\t%s\t/d/%s\n' "$tmp/x" "$1" >>"$ops"
	cp "$tmp/x" "$host/d/$1"
}
del() { printf 'rm\t/d/%s\n' "$1" >>"$ops"; rm "$host/d/$1"; }
mvd() {
	printf 'mv\t/d/%s\t/d/%s\n' "$1" "$2" >>"$ops"
	mv "$host/d/$1" "$host/d/$2"
}
printf 'mkdir\t/d\n' >>"$ops"
for i in $(seq 1 300); do
	put "a shared long beginning $i.txt"
done
for i in $(seq 3 3 300); do
	del "a shared long beginning $i.txt"
done
for i in $(seq 1 3 150); do	# shorter: leaves holes of long-name slots
	mvd "a shared long beginning $i.txt" "s$i.txt"
done
for i in $(seq 2 3 60); do	# longer: new slots, the old ones freed
	mvd "a shared long beginning $i.txt" \
	    "a much longer name for the entry that was number $i.txt"
done
for i in $(seq 1 150); do	# the holes filled, long and short
	put "refill $i with a long name.txt"
	put "R$i.TXT"
done
printf 'stat\t/d/S4.TXT\n' >>"$ops"	# case folded: s4.txt

img=$tmp/fat16
mkfs.fat -C -F 16 "$img" 16384 >/dev/null
printf 'walk\n' >>"$ops"
timeout 120 "$TOOL" "$img" <"$ops" >"$tmp/out" 2>"$tmp/console"
rc=$?
t_eq "the changes run" "$rc" 0
t_ok "no errors" eval "! grep -q '^ERR' '$tmp/out'"
want=$("$TOOL" -H "$host")
t_eq "the tree in the same mount" "$(grep -E '^[df] ' "$tmp/out")" "$want"
got=$(timeout 60 "$TOOL" -r "$img" <<<walk 2>&1)
t_eq "the tree in a fresh mount" "$got" "$want"
t_ok "fsck.fat -n clean" fsck.fat -n "$img"
n=$(MTOOLS_NO_VFAT=0 mdir -b -i "$img" ::/d 2>/dev/null | wc -l)
t_eq "mtools sees every entry" "$n" "$(ls "$host/d" | wc -l)"
