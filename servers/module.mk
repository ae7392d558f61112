# rump_<fs> FUSE servers: one program per registered driver (its module.mk
# adds its name to UKFS_DRIVERS), all built from the same sources; the
# program's name picks the driver.  The drivers' module.mk files come
# before this one (sorted: rump/ < servers/).
RUMPSERV_SRCS = servers/common/rumpserv_prog.c servers/common/rumpserv.c \
	servers/common/rumpserv_opts.c $(P2K_SRCS)

RUMPSERVERS := $(addprefix rump_,$(UKFS_DRIVERS))
PROGRAMS += $(RUMPSERVERS)
$(foreach s,$(RUMPSERVERS),$(eval $(s)_SRCS = $$(RUMPSERV_SRCS)) \
	$(eval $(s)_LIBS := $$(FUSE_LIBS)))
MANPAGES += servers/rump_ffs/rump_ffs.8
SH_TESTS += servers/tests/t_servers.sh servers/tests/t_frontend.sh
