# fs-utils: one binary, run as fsu_<command> (links made here and at
# install) or as `fsu [<command>] ...`
FSU_COMMANDS := cat get ls mkdir put rm
FSU_SRCS := fsu/fsu_main.c fsu/fsu_mount.c fsu/fsu_script.c fsu/fsu_util.c \
	fsu/fsu_cmds.c fsu/fsu_copy.c fsu/fsu_copytree.c fsu/fsu_side_host.c \
	fsu/fsu_side_image.c fsu/fsu_xfer.c fsu/fsu_ls.c fsu/fsu_cat.c \
	fsu/fsu_mkdir.c fsu/fsu_rm.c

PROGRAMS += fsu
fsu_SRCS = $(FSU_SRCS) $(UKFS_SRCS)
INSTALL_LINKS += $(foreach c,$(FSU_COMMANDS),fsu_$(c)=fsu)

FSU_LINKS := $(addprefix $(O)/bin/fsu_,$(FSU_COMMANDS))
all: $(FSU_LINKS)
$(FSU_LINKS): $(O)/bin/fsu
	ln -sf fsu $@
