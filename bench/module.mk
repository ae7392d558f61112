# benchmarks: one program each, run by `make bench`
BENCHES += bench_syscall
bench_syscall_SRCS := bench/bench_syscall.c

# etfs block devices through the kernel vs host pread/pwrite (etfs/)
BENCHES += bench_etfs
bench_etfs_SRCS := bench/bench_etfs.c

# boot time from process start and RSS after rump_init (rump/kern)
BENCHES += bench_boot
bench_boot_SRCS := bench/bench_boot.c
