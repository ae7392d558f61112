# hypercall/: rumpuser, the only code that calls the host.
HYP_SRCS += hypercall/rumpuser_init.c hypercall/rumpuser_mem.c \
	hypercall/rumpuser_thread.c hypercall/rumpuser_sync.c \
	hypercall/rumpuser_rw.c hypercall/rumpuser_cv.c \
	hypercall/rumpuser_clock.c hypercall/rumpuser_param.c \
	hypercall/rumpuser_misc.c hypercall/rumpuser_random.c \
	hypercall/rumpuser_fdtab.c hypercall/rumpuser_file.c \
	hypercall/rumpuser_lock.c hypercall/rumpuser_dir.c \
	hypercall/rumpuser_iov.c hypercall/rumpuser_bio.c \
	hypercall/rumpuser_blk.c hypercall/rumpuser_blk_direct.c \
	hypercall/rumpuser_blk_mmap.c hypercall/rumpuser_sock.c \
	hypercall/rumpuser_crash.c hypercall/rumpuser_zlib.c

# unit tests, one per hypercall group
HYP_TESTUTIL := hypercall/tests/hyp_testutil.c
UNIT_TESTS += t_hyp_mem t_hyp_thread t_hyp_sync t_hyp_clock t_hyp_file \
	t_hyp_bio t_hyp_sock
t_hyp_mem_SRCS := hypercall/tests/t_hyp_mem.c
t_hyp_thread_SRCS := hypercall/tests/t_hyp_thread.c
t_hyp_sync_SRCS := hypercall/tests/t_hyp_sync.c
t_hyp_clock_SRCS := hypercall/tests/t_hyp_clock.c
t_hyp_file_SRCS := hypercall/tests/t_hyp_file.c $(HYP_TESTUTIL)
t_hyp_bio_SRCS := hypercall/tests/t_hyp_bio.c $(HYP_TESTUTIL)
t_hyp_sock_SRCS := hypercall/tests/t_hyp_sock.c

# bench/bench_blk.c: the block backends against plain pread/pwrite
BENCHES += bench_blk
bench_blk_SRCS := bench/bench_blk.c
