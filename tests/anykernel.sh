#!/usr/bin/env bash
# The anykernel rule: kernel objects (rump/, etfs/) may call out only to
# hypercalls (rumpuser_*) and to what the compiler itself may emit
# (memcpy/memset/memmove/memcmp, stack protector, sanitizer runtime).
# Arguments: the kernel object files.
set -u
echo "1..1"
if [ $# -eq 0 ]; then
	echo "not ok 1 - anykernel: no kernel objects"
	exit 0
fi
defined=$(nm --defined-only "$@" 2>/dev/null | awk 'NF==3 {print $3}' | sort -u)
bad=$(nm -u "$@" 2>/dev/null | awk '{print $NF}' | grep -v ':$' | sort -u |
	comm -23 - <(echo "$defined") |
	grep -Ev '^(rumpuser_[A-Za-z0-9_]+|memcpy|memset|memmove|memcmp|__stack_chk_fail|__stack_chk_guard|_GLOBAL_OFFSET_TABLE_|__(asan|ubsan|sanitizer|lsan|msan|tsan)_[A-Za-z0-9_]+|__(u?(div|mod)|mul|ashl|ashr|lshr|popcount|clz|ctz|ffs)[a-z]+[0-9])$' |
	grep -Ev '^__start_rump_components$|^__stop_rump_components$')
if [ -n "$bad" ]; then
	echo "not ok 1 - anykernel: kernel objects reach the host directly:"
	for s in $bad; do
		echo "#   $s (in: $(nm -A -u "$@" 2>/dev/null | awk -v s="$s" '$NF==s {sub(":.*","",$1); print $1}' | sort -u | tr '\n' ' '))"
	done
else
	echo "ok 1 - anykernel: $(echo "$@" | wc -w) kernel objects use only hypercalls and compiler builtins"
fi
