# makefs: a file system image from directory trees, laid out empty by
# our own formatter and filled through the kernel's driver (makefs.h).
# The kernel's wall clock and random numbers are wrapped so that -T
# makes the same image every time (makefs_repro.c).
MAKEFS_SRCS := makefs/makefs_main.c makefs/makefs_opts.c \
	makefs/makefs_tree.c makefs/makefs_links.c makefs/makefs_fill.c \
	makefs/makefs_build.c makefs/makefs_repro.c makefs/makefs_util.c \
	makefs/makefs_types.c makefs/makefs_progress.c \
	makefs/makefs_archive.c makefs/makefs_scratch.c makefs/makefs_spec.c \
	makefs/makefs_userdb.c \
	makefs/msdos_type.c makefs/msdos_names.c makefs/msdos_plan.c \
	makefs/msdos_format.c \
	makefs/ext2_type.c makefs/ext2_plan.c makefs/ext2_format.c \
	makefs/ext2_root.c \
	makefs/ffs_type.c makefs/ffs_plan.c makefs/ffs_cg.c makefs/ffs_format.c \
	makefs/cd9660_type.c makefs/cd9660_names.c makefs/cd9660_unique.c \
	makefs/cd9660_tree.c makefs/cd9660_plan.c makefs/cd9660_rr.c \
	makefs/cd9660_dir.c makefs/cd9660_pt.c makefs/cd9660_vd.c \
	makefs/cd9660_boot.c makefs/cd9660_write.c

PROGRAMS += makefs
makefs_SRCS = $(MAKEFS_SRCS) $(UKFS_SRCS)
makefs_LIBS := -Wl,--wrap=rumpuser_clock_gettime \
	-Wl,--wrap=rumpuser_getrandom -larchive
MANPAGES += makefs/makefs.8
SH_TESTS += makefs/tests/t_makefs.sh makefs/tests/t_makefs_cd9660.sh \
	makefs/tests/t_makefs_spec.sh makefs/tests/t_makefs_opts.sh
UNIT_TESTS += t_cd9660_names
t_cd9660_names_SRCS := makefs/tests/t_cd9660_names.c \
	makefs/cd9660_names.c makefs/cd9660_unique.c makefs/makefs_util.c
