# benchmarks: one program each, run by `make bench`
BENCHES += bench_syscall
bench_syscall_SRCS := bench/bench_syscall.c
