# Crash consistency: the FUSE servers killed (-9) at many points of a
# workload, then preen, the checker, and every fsynced file and directory
# checked.  `make crash` runs the long version (tests/crash/run.sh).
SH_TESTS += tests/crash/t_crash.sh tests/crash/t_crash_steps.sh
