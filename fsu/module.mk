# fs-utils: one binary, run as fsu_<command> (links made here and at
# install) or as `fsu [<command>] ...`
FSU_COMMANDS := cat chgrp chmod chown cp df diff du exec find get ln ls \
	mkdir mkfifo mknod mv put rm rmdir stat touch write
FSU_SRCS := fsu/fsu_main.c fsu/fsu_mount.c fsu/fsu_remote.c \
	fsu/fsu_script.c fsu/fsu_util.c \
	fsu/fsu_cmds.c fsu/fsu_copy.c fsu/fsu_copytree.c fsu/fsu_copyfile.c \
	fsu/fsu_progress.c fsu/fsu_side_host.c fsu/fsu_side_image.c \
	fsu/fsu_xfer.c fsu/fsu_ls.c fsu/fsu_cat.c \
	fsu/fsu_mkdir.c fsu/fsu_rm.c fsu/fsu_chmod.c fsu/fsu_chown.c \
	fsu/fsu_touch.c fsu/fsu_date.c fsu/fsu_mode.c fsu/fsu_walk.c fsu/fsu_name.c \
	fsu/fsu_stat.c fsu/fsu_find.c fsu/fsu_findparse.c \
	fsu/fsu_findexec.c fsu/fsu_du.c fsu/fsu_diff.c fsu/fsu_udiff.c \
	fsu/fsu_myers.c fsu/fsu_cp.c fsu/fsu_exec.c

PROGRAMS += fsu
fsu_SRCS = $(FSU_SRCS) $(UKFS_SRCS)
INSTALL_LINKS += $(foreach c,$(FSU_COMMANDS),fsu_$(c)=fsu)

FSU_LINKS := $(addprefix $(O)/bin/fsu_,$(FSU_COMMANDS))
all: $(FSU_LINKS)
$(FSU_LINKS): $(O)/bin/fsu
	ln -sf fsu $@
SH_TESTS += fsu/tests/t_fsu.sh fsu/tests/t_fsu_hostile.sh \
	fsu/tests/t_fsu_safecopy.sh fsu/tests/t_fsu_cmds.sh \
	fsu/tests/t_fsu_nfs.sh
MANPAGES += fsu/fsu.1
