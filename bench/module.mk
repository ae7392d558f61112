# benchmarks: one program each, run by `make bench`
BENCHES += bench_syscall
bench_syscall_SRCS := bench/bench_syscall.c

# etfs block devices through the kernel vs host pread/pwrite (etfs/)
BENCHES += bench_etfs
bench_etfs_SRCS := bench/bench_etfs.c
