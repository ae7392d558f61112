#!/usr/bin/env bash
# fs-utils against their peers, on the same images in the same run:
#   per call:   fsu_ls -l / fsu_cat   vs  e2ls -l / e2cp img:/f -   (ext2)
#               fsu_ls -l / fsu_cat   vs  mdir / mtype              (FAT)
#   tree copy:  fsu_put -R / fsu_get -R  vs  e2cp (-a, one call per
#               directory to get) on ext2, and vs mcopy -s on FAT
#   big dir:    the same of one FAT directory of FSU_BENCH_FLAT (2000)
#               files vs mcopy -s
# Times are the best of $ROUNDS rounds (the machine is shared); ratios are
# fsu time / peer time, so below 1 means fsu is faster.  A missing peer is
# skipped with a message.  Environment: O (build dir), FSU_BENCH_CALLS
# (calls per round, default 200), FSU_BENCH_ROUNDS (default 3),
# FSU_BENCH_TREE (host tree to copy; default: a few /usr/include subtrees).
set -u
O=${O:-build}
. tests/lib.sh
CALLS=${FSU_BENCH_CALLS:-200}
ROUNDS=${FSU_BENCH_ROUNDS:-3}
export LC_ALL=C

if [ ! -x "$BIN/fsu" ]; then
	echo "bench/fsu.sh: $BIN/fsu not built; skipped"
	exit 0
fi
BIN=$(cd "$BIN" && pwd)
# scratch under $O/tmp, removed at exit (lib.sh's watchdog removes it even
# after a SIGKILL)
W=$(t_tmpdir) || exit 1
# host-side trees (source and copies) on tmpfs when there is one: creating
# thousands of files on the host's disk file system costs from 20 to 500
# us each depending on its state, which would swamp the tools' own times
H=$W
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	H=$(mktemp -d /dev/shm/bench-fsu.XXXXXX 2>/dev/null) || H=$W
fi
[ "$H" = "$W" ] || t_atexit "rm -rf '$H'"

have() {
	if command -v "$1" >/dev/null 2>&1; then
		return 0
	fi
	echo "  $1 not installed: ${2:-its comparison} skipped"
	return 1
}

now_ns() {
	date +%s%N
}

# best_ms CALLS cmd...: milliseconds per call, best of ROUNDS rounds of
# CALLS calls each; prints "fail" if a call fails
best_ms() {
	local n=$1 best= r i t0 t
	shift
	for ((r = 0; r < ROUNDS; r++)); do
		t0=$(now_ns)
		for ((i = 0; i < n; i++)); do
			"$@" >/dev/null 2>&1 </dev/null || { echo fail; return; }
		done
		t=$(( $(now_ns) - t0 ))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
			best=$t
		fi
	done
	awk -v t="$best" -v n="$n" 'BEGIN { printf "%.3f", t / n / 1e6 }'
}

# ratio A B: A/B with two decimals ("-" if either is missing or 0)
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}

# line what ours peer unit [peername]
line() {
	printf "  %-38s fsu %9s %s   %-6s %9s %s   fsu/peer %s\n" "$1" "$2" \
	    "$4" "${5:-peer}" "$3" "$4" "$(ratio "$2" "$3")"
}

# --- images of a small tree (20 files, one subdirectory) ---
small=$W/small
mkdir -p "$small/sub"
for i in $(seq 1 20); do
	printf 'file %d\n' "$i" > "$small/f$i.txt"
done
seq 1 2000 > "$small/sub/nums"
cp "$small/sub/nums" "$small/cat.txt"
mke2fs -q -F -t ext2 -d "$small" "$W/small.ext2" 8M >/dev/null 2>&1 ||
    { echo "bench/fsu.sh: mke2fs -d failed; skipped"; exit 0; }
ffs_ok=0
if have makefs "the ffs image"; then
	makefs -t ffs -s 8m "$W/small.ffs" "$small" >/dev/null 2>&1 && ffs_ok=1
fi
fat_ok=0
if have mkfs.fat "the FAT image" && have mcopy "the FAT image"; then
	mkfs.fat -C "$W/small.fat" 8192 >/dev/null 2>&1 &&
	    mcopy -s -i "$W/small.fat" "$small"/* ::/ </dev/null && fat_ok=1
fi

# outputs must match before anything is timed
check_same() {
	if ! cmp -s "$1" "$2"; then
		echo "  $3: output differs from the host file; not timed"
		return 1
	fi
}

echo "fsu per call: ${CALLS} calls x ${ROUNDS} rounds, best round, ms/call"
echo "  (small tree: 20 files + 1 dir; fsu_cat/peer cat a 9 KB file)"
"$BIN/fsu_cat" "$W/small.ext2" /cat.txt > "$W/out" 2>/dev/null
if check_same "$W/out" "$small/cat.txt" fsu_cat; then
	fl=$(best_ms "$CALLS" "$BIN/fsu_ls" "$W/small.ext2" -l /)
	fc=$(best_ms "$CALLS" "$BIN/fsu_cat" "$W/small.ext2" /cat.txt)
	if have e2ls "e2tools per call" && have e2cp "e2tools per call"; then
		pl=$(best_ms "$CALLS" e2ls -l "$W/small.ext2:/")
		e2cp "$W/small.ext2:/cat.txt" - > "$W/out" 2>/dev/null
		check_same "$W/out" "$small/cat.txt" "e2cp" &&
		    pc=$(best_ms "$CALLS" e2cp "$W/small.ext2:/cat.txt" -)
		line "ext2: fsu_ls -l vs e2ls -l" "$fl" "$pl" ms e2ls
		line "ext2: fsu_cat vs e2cp img:/f -" "$fc" "${pc:--}" ms e2cp
	else
		line "ext2: fsu_ls -l" "$fl" - ms
		line "ext2: fsu_cat" "$fc" - ms
	fi
	if [ "$fat_ok" = 1 ] && have mdir "mtools per call" &&
	    have mtype "mtools per call"; then
		ml=$(best_ms "$CALLS" mdir -i "$W/small.fat" ::/)
		mc=$(best_ms "$CALLS" mtype -i "$W/small.fat" ::/cat.txt)
		"$BIN/fsu_cat" "$W/small.fat" /cat.txt > "$W/out" 2>/dev/null
		if check_same "$W/out" "$small/cat.txt" "fsu_cat (FAT)"; then
			al=$(best_ms "$CALLS" "$BIN/fsu_ls" "$W/small.fat" -l /)
			ac=$(best_ms "$CALLS" "$BIN/fsu_cat" "$W/small.fat" \
			    /cat.txt)
			line "FAT: fsu_ls -l vs mdir" "$al" "$ml" ms mdir
			line "FAT: fsu_cat vs mtype" "$ac" "$mc" ms mtype
		fi
	fi
	if [ "$ffs_ok" = 1 ]; then
		gl=$(best_ms "$CALLS" "$BIN/fsu_ls" "$W/small.ffs" -l /)
		gc=$(best_ms "$CALLS" "$BIN/fsu_cat" "$W/small.ffs" /cat.txt)
		line "ffs: fsu_ls -l" "$gl" - ms
		line "ffs: fsu_cat" "$gc" - ms
	fi
	tt=$(best_ms "$CALLS" /bin/true)
	echo "  (fork+exec of /bin/true from this loop: $tt ms/call)"
fi

# --- tree copies ---
tree=${FSU_BENCH_TREE:-}
if [ -z "$tree" ]; then
	tree=$H/tree
	mkdir -p "$tree"
	for d in linux c++ x86_64-linux-gnu X11 openssl; do
		[ -d "/usr/include/$d" ] && cp -rL "/usr/include/$d" "$tree/" \
		    2>/dev/null
	done
fi
nfiles=$(find "$tree" -type f | wc -l)
if [ "$nfiles" -lt 10 ]; then
	echo "tree copies: no tree to copy; skipped"
	exit 0
fi
kb=$(du -sk "$tree" | cut -f1)
imgmb=$(( kb * 3 / 1024 + 32 ))
echo "tree copies: $nfiles files, $((kb / 1024)) MiB; best of $ROUNDS," \
    "seconds; images in $O/tmp, host trees in ${H%/*}"

# secs cmd...: seconds of one run (prep runs before, untimed)
secs() {
	local t0
	t0=$(now_ns)
	"$@" >/dev/null 2>&1 </dev/null || { echo fail; return; }
	awk -v t="$(( $(now_ns) - t0 ))" 'BEGIN { printf "%.3f", t / 1e9 }'
}

minof() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "") print b; else if (b == "fail" || a == "fail")
		print "fail"; else print (b + 0 < a + 0 ? b : a) }'
}

fresh_ext2() {
	rm -f "$1"
	mke2fs -q -F -t ext2 "$1" "${imgmb}M" >/dev/null 2>&1
}

fsu_put_tree() {
	"$BIN/fsu_put" "$W/put.ext2" -R "$tree" /t
}

fsu_get_tree() {
	"$BIN/fsu_get" "$W/src.ext2" -R / "$H/out.fsu"
}

e2cp_put_tree() {
	(cd "$tree" && find . -type f | e2cp -a -d "$W/put.ext2:/t")
}

# e2cp does not recreate directories on the host: one call per directory,
# with the lists made before the clock starts
e2cp_get_tree() {
	local d
	while IFS= read -r d; do
		mkdir -p "$H/out.e2/$d" &&
		    e2cp -s "$W/src.ext2:/$d" -d "$H/out.e2/$d" \
		    < "$W/lists/$(printf '%s' "$d" | md5sum | cut -c1-16)" ||
		    return 1
	done < "$W/dirs"
}

fsu_put_fat() {
	"$BIN/fsu_put" "$W/put.fat" -R "$tree" /t
}

fsu_get_fat() {
	"$BIN/fsu_get" "$W/src.fat" -R / "$H/out.fsufat"
}

mcopy_put_tree() {
	mcopy -s -D o -i "$W/put.fat" "$tree" ::/t
}

mcopy_get_tree() {
	mcopy -s -n -i "$W/src.fat" ::/ "$H/out.fat"
}

mke2fs -q -F -t ext2 -d "$tree" "$W/src.ext2" "${imgmb}M" >/dev/null 2>&1
(cd "$tree" && find . -type d) > "$W/dirs"
mkdir -p "$W/lists"
while IFS= read -r d; do
	(cd "$tree/$d" && find . -maxdepth 1 -type f | sed 's|^\./||') \
	    > "$W/lists/$(printf '%s' "$d" | md5sum | cut -c1-16)"
done < "$W/dirs"

fp=; fg=; ep=; eg=; mp=; mg=; ap=; ag=
have_e2=0; have e2cp "e2cp tree copies" && have_e2=1
have_m=0
if [ "$fat_ok" = 1 ] && have mcopy "mcopy tree copies"; then
	have_m=1
	mkfs.fat -C "$W/src.fat" $((imgmb * 1024)) >/dev/null 2>&1 &&
	    mcopy -s -D o -i "$W/src.fat" "$tree"/* ::/ </dev/null || have_m=0
fi
for ((r = 0; r < ROUNDS; r++)); do
	fresh_ext2 "$W/put.ext2"
	fp=$(minof "$fp" "$(secs fsu_put_tree)")
	rm -rf "$H/out.fsu"; mkdir -p "$H/out.fsu"
	fg=$(minof "$fg" "$(secs fsu_get_tree)")
	if [ "$have_e2" = 1 ]; then
		fresh_ext2 "$W/put.ext2"
		ep=$(minof "$ep" "$(secs e2cp_put_tree)")
		rm -rf "$H/out.e2"
		eg=$(minof "$eg" "$(secs e2cp_get_tree)")
	fi
	if [ "$have_m" = 1 ]; then
		rm -f "$W/put.fat"
		mkfs.fat -C "$W/put.fat" $((imgmb * 1024)) >/dev/null 2>&1
		mp=$(minof "$mp" "$(secs mcopy_put_tree)")
		rm -rf "$H/out.fat"; mkdir -p "$H/out.fat"
		mg=$(minof "$mg" "$(secs mcopy_get_tree)")
		rm -f "$W/put.fat"
		mkfs.fat -C "$W/put.fat" $((imgmb * 1024)) >/dev/null 2>&1
		ap=$(minof "$ap" "$(secs fsu_put_fat)")
		rm -rf "$H/out.fsufat"; mkdir -p "$H/out.fsufat"
		ag=$(minof "$ag" "$(secs fsu_get_fat)")
	fi
done
# the copies must be complete: compare with the source tree
differs() {	# $1: what, $2: copy, $3: source (the tree)
	local n
	n=$(diff -rq -x lost+found "${3:-$tree}" "$2" 2>&1 | wc -l)
	if [ "$n" -gt 0 ]; then
		echo "  $1: $n differences from the tree"
	fi
}
differs "fsu_get -R" "$H/out.fsu"
[ "$have_e2" = 1 ] && differs "e2cp get" "$H/out.e2"
# FAT folds case: names differing only in case (xt_MARK.h, xt_mark.h)
# overwrite each other there
[ "$have_m" = 1 ] && differs "mcopy -s (FAT folds case)" "$H/out.fat"
[ "$have_m" = 1 ] && differs "fsu_get -R from FAT (folds case)" "$H/out.fsufat"
if [ "$have_e2" = 1 ]; then
	line "ext2 put -R vs e2cp -a" "$fp" "$ep" s e2cp
	line "ext2 get -R vs e2cp (per dir)" "$fg" "$eg" s e2cp
fi
if [ "$have_m" = 1 ]; then
	line "FAT: put -R vs mcopy -s in" "$ap" "$mp" s mcopy
	line "FAT: get -R vs mcopy -s out" "$ag" "$mg" s mcopy
fi
if [ "$have_e2" = 0 ] && [ "$have_m" = 0 ]; then
	line "ext2 put -R" "$fp" - s
	line "ext2 get -R" "$fg" - s
fi

# --- one big FAT directory: FSU_BENCH_FLAT small files with long names
# in one directory, where a driver that scans the directory per name is
# quadratic ---
[ "$have_m" = 1 ] || exit 0
nflat=${FSU_BENCH_FLAT:-2000}
flat=$H/flat
mkdir -p "$flat/d"
for ((i = 0; i < nflat; i++)); do
	echo "$i" > "$flat/d/$i a long file name.txt"
done
fsu_put_flat() { "$BIN/fsu_put" "$W/flat.fat" -R "$flat/d" /d; }
fsu_get_flat() { "$BIN/fsu_get" "$W/flat.fat" -R /d "$H/out.flat"; }
mcopy_put_flat() { mcopy -s -D o -i "$W/flat.fat" "$flat/d" ::/d; }
mcopy_get_flat() { mcopy -s -n -i "$W/flat.fat" ::/d "$H/out.flat"; }
fl_fp=; fl_fg=; fl_mp=; fl_mg=
for ((r = 0; r < ROUNDS; r++)); do
	for who in mcopy fsu; do
		rm -f "$W/flat.fat"
		mkfs.fat -C "$W/flat.fat" 65536 >/dev/null 2>&1
		t=$(secs ${who}_put_flat)
		rm -rf "$H/out.flat"; mkdir -p "$H/out.flat"
		u=$(secs ${who}_get_flat)
		if [ $who = fsu ]; then
			fl_fp=$(minof "$fl_fp" "$t"); fl_fg=$(minof "$fl_fg" "$u")
		else
			fl_mp=$(minof "$fl_mp" "$t"); fl_mg=$(minof "$fl_mg" "$u")
		fi
	done
done
differs "fsu_get -R of one big FAT directory" "$H/out.flat/d" "$flat/d"
echo "one FAT directory of $nflat files; best of $ROUNDS, seconds"
line "FAT: put -R one dir vs mcopy -s" "$fl_fp" "$fl_mp" s mcopy
line "FAT: get -R one dir vs mcopy -s" "$fl_fg" "$fl_mg" s mcopy
exit 0
