# Concurrent stress: many workers on one image, in-process and through
# FUSE, then the real checkers (e2fsck, fsck_ffs).  `make stress` runs the
# long version (tests/stress/run.sh).
TEST_PROGS += fsstress_rump
fsstress_rump_SRCS := tests/stress/fsstress.c tests/stress/fsstress_ops.c \
	tests/stress/fsstress_sys.c
SH_TESTS += tests/stress/t_stress.sh
