# libFuzzer targets, one per driver, all from tests/fuzz/fuzz_fs.c (the
# Makefile's FUZZ_template); built only by `make fuzz` (clang, coverage,
# ASan+UBSan, in build-fuzz) and run by tests/fuzz/run.sh on
# tests/fuzz/corpus/<driver> with tests/fuzz/<driver>.dict.
FUZZ_TARGETS += fuzz_ext2fs fuzz_ffs fuzz_msdos fuzz_cd9660

# the same walk in every build, on the corpus and the regression images
TEST_PROGS += fuzz_replay
fuzz_replay_SRCS = tests/fuzz/fuzz_replay.c tests/fuzz/fuzz_fs.c $(UKFS_SRCS)
SH_TESTS += tests/fuzz/t_fuzz_replay.sh
