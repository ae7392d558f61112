# One non-recursive Makefile.  Each directory adds its sources, programs and
# tests in its module.mk; the rules here build three classes of object:
#   kernel (rump/, etfs/): freestanding, no host headers, into librump.a
#   host (hypercall/, p2k/, ukfs/, servers/, fsu/, makefs/, tests, bench)
#   ktest: cmocka unit tests that call kernel internals directly
#
#   make                  build everything
#   make check            build and run every test; ends "N passed, N failed, N skipped"
#   make check SANITIZE=address,undefined
#   make bench            side-by-side benchmarks
#   make stress           long concurrent stress, then fsck (tests/stress)
#   make stress-tsan      the in-process stress under ThreadSanitizer
#   make crash            kill -9 of the servers at many points, then preen (tests/crash)
#   make fuzz             each driver's libFuzzer target on its corpus (FUZZ_SECONDS)
#   make install PREFIX=/usr/local DESTDIR=

.DEFAULT_GOAL := all
SANITIZE ?=
ifeq ($(SANITIZE),)
O ?= build
else
O ?= build-san
endif
CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
OPT ?= -O2
PKG_CONFIG ?= pkg-config

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes \
	-Wstrict-prototypes -Wshadow=local -Wno-error=unknown-warning-option
ifneq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
WARN := $(filter-out -Wshadow=local,$(WARN)) -Wshadow
else
WARN := $(filter-out -Wno-error=unknown-warning-option,$(WARN))
endif
BASE_CFLAGS := -std=gnu11 -g $(OPT) $(WARN) -fno-strict-aliasing -MMD -MP
SAN_FLAGS :=
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif

# sys/vnode_if.h is made from rump/vfs/vnode_if.src; the sanitizer builds
# check every VOP's lock states (VOP_LOCKDEBUG)
GEN_INCLUDE := $(O)/gen
VNODE_IF := $(GEN_INCLUDE)/sys/vnode_if.h
LOCKDEBUG := $(if $(SANITIZE),-DVOP_LOCKDEBUG)

CC_INCLUDE := $(shell $(CC) -print-file-name=include)
KERN_CFLAGS := $(BASE_CFLAGS) $(SAN_FLAGS) -ffreestanding -fno-builtin-printf \
	-nostdinc -isystem $(CC_INCLUDE) -D_KERNEL -D_RUMPKERNEL $(LOCKDEBUG) \
	-I$(GEN_INCLUDE) -Irump/include -Iinclude -Ihypercall/include \
	-fvisibility=default
HOST_CFLAGS := $(BASE_CFLAGS) $(SAN_FLAGS) -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
	-Iinclude -Ihypercall/include
FUZZ_TARGETS :=
FUSE_CFLAGS := $(shell $(PKG_CONFIG) --cflags fuse3 2>/dev/null)
FUSE_LIBS := $(shell $(PKG_CONFIG) --libs fuse3 2>/dev/null)
BLKID_CFLAGS := $(shell $(PKG_CONFIG) --cflags blkid 2>/dev/null)
BLKID_LIBS := $(shell $(PKG_CONFIG) --libs blkid 2>/dev/null)
HOST_CFLAGS += $(FUSE_CFLAGS) $(BLKID_CFLAGS)
KTEST_CFLAGS := $(BASE_CFLAGS) $(SAN_FLAGS) -D_RUMP_KTEST $(LOCKDEBUG) \
	-I$(GEN_INCLUDE) -Irump/include -Iinclude -Ihypercall/include \
	-Wno-missing-prototypes
LDFLAGS += $(SAN_FLAGS)
LDLIBS_HOST = $(BLKID_LIBS) -lz -lpthread -lrt

# filled by module.mk files
KERN_SRCS :=
HYP_SRCS :=
# host registrations of the drivers (ukfs/module.mk) and their names
UKFS_DRIVER_SRCS :=
UKFS_DRIVERS :=
PROGRAMS :=
UNIT_TESTS :=
KTESTS :=
TEST_PROGS :=
SH_TESTS :=
BENCHES :=
MANPAGES :=
INSTALL_LINKS :=	# name=target: bin/name -> target
INCLUDES_PUBLIC := $(wildcard include/rump/*.h) hypercall/include/rump/rumpuser.h

# MODULES restricts the build to some directories (e.g. while another
# directory is half-written): make MODULES="hypercall rump/kern"
ALL_MODULES := $(patsubst %/module.mk,%,$(sort $(wildcard */module.mk \
	*/*/module.mk */*/*/module.mk)))
MODULES ?= $(ALL_MODULES)
include $(addsuffix /module.mk,$(MODULES))

KERN_OBJS := $(patsubst %.c,$(O)/kern/%.o,$(KERN_SRCS))
HYP_OBJS := $(patsubst %.c,$(O)/host/%.o,$(HYP_SRCS))
LIBRUMP := $(O)/librump.a
LIBRUMPUSER := $(O)/librumpuser.a
KERNLINK := -Wl,--whole-archive $(LIBRUMP) -Wl,--no-whole-archive $(LIBRUMPUSER)

all: $(LIBRUMP) $(LIBRUMPUSER) $(addprefix $(O)/bin/,$(PROGRAMS)) \
	$(addprefix $(O)/tests/,$(UNIT_TESTS) $(KTESTS) $(TEST_PROGS)) \
	$(addprefix $(O)/bench/,$(BENCHES))

$(VNODE_IF): rump/vfs/vnode_if.src rump/vfs/vnode_if.awk
	@mkdir -p $(dir $@)
	awk -f rump/vfs/vnode_if.awk rump/vfs/vnode_if.src >$@.tmp && mv $@.tmp $@

$(O)/kern/%.o: %.c | $(VNODE_IF)
	@mkdir -p $(dir $@)
	$(CC) $(KERN_CFLAGS) $($*_CFLAGS) -c -o $@ $<

$(O)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $($*_CFLAGS) -c -o $@ $<

$(O)/ktest/%.o: %.c | $(VNODE_IF)
	@mkdir -p $(dir $@)
	$(CC) $(KTEST_CFLAGS) -c -o $@ $<

$(LIBRUMP): $(KERN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIBRUMPUSER): $(HYP_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# $(1): name; $(1)_SRCS host sources; $(1)_LIBS extra link flags
define PROG_template
$(O)/bin/$(1): $$(patsubst %.c,$(O)/host/%.o,$$($(1)_SRCS)) $(LIBRUMP) $(LIBRUMPUSER)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(KERNLINK) $$($(1)_LIBS) $(LDLIBS_HOST)
endef
define UNIT_template
$(O)/tests/$(1): $$(patsubst %.c,$(O)/host/%.o,$$($(1)_SRCS)) $(LIBRUMP) $(LIBRUMPUSER)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(KERNLINK) $$($(1)_LIBS) -lcmocka $(LDLIBS_HOST)
endef
define KTEST_template
$(O)/tests/$(1): $$(patsubst %.c,$(O)/ktest/%.o,$$($(1)_SRCS)) $(LIBRUMP) $(LIBRUMPUSER)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(KERNLINK) $$($(1)_LIBS) -lcmocka $(LDLIBS_HOST)
endef
define BENCH_template
$(O)/bench/$(1): $$(patsubst %.c,$(O)/host/%.o,$$($(1)_SRCS)) $(LIBRUMP) $(LIBRUMPUSER)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(KERNLINK) $$($(1)_LIBS) $(LDLIBS_HOST)
endef
$(foreach p,$(PROGRAMS),$(eval $(call PROG_template,$(p))))
$(foreach t,$(UNIT_TESTS),$(eval $(call UNIT_template,$(t))))
$(foreach t,$(KTESTS),$(eval $(call KTEST_template,$(t))))
$(foreach b,$(BENCHES),$(eval $(call BENCH_template,$(b))))
# helper programs that shell tests run: built like programs, not installed
define TESTPROG_template
$(O)/tests/$(1): $$(patsubst %.c,$(O)/host/%.o,$$($(1)_SRCS)) $(LIBRUMP) $(LIBRUMPUSER)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(KERNLINK) $$($(1)_LIBS) $(LDLIBS_HOST)
endef
$(foreach t,$(TEST_PROGS),$(eval $(call TESTPROG_template,$(t))))
# fuzz targets (tests/fuzz): fuzz_<driver> mounts images with <driver>
UKFS_OBJS = $(patsubst %.c,$(O)/host/%.o,$(UKFS_SRCS))
define FUZZ_template
$(O)/fuzz/$(1): tests/fuzz/fuzz_fs.c $$(UKFS_OBJS) $(LIBRUMP) $(LIBRUMPUSER)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(HOST_CFLAGS) -DFUZZ_VFS='"$(patsubst fuzz_%,%,$(1))"' \
	    -fsanitize=fuzzer -o $$@ tests/fuzz/fuzz_fs.c \
	    $$(UKFS_OBJS) $(KERNLINK) $(LDLIBS_HOST)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_template,$(t))))
fuzz-targets: $(addprefix $(O)/fuzz/,$(FUZZ_TARGETS))

check: all
	@O=$(O) CC="$(CC)" SANITIZE="$(SANITIZE)" \
	    UNIT_TESTS="$(UNIT_TESTS) $(KTESTS)" SH_TESTS="$(SH_TESTS)" \
	    KERN_OBJS="$(KERN_OBJS)" bash tests/run.sh

demo: all
	@O=$(O) bash tools/demo.sh

bench: all
	@O=$(O) BENCHES="$(BENCHES)" bash bench/run.bash

# the long concurrent stress (tests/stress/run.sh; STRESS_OPS=... to size it)
stress: all
	@O=$(O) bash tests/stress/run.sh

# kill -9 of the FUSE servers at many points of a workload, then preen and
# the fsynced files checked (tests/crash/run.sh; CRASH_POINTS=... per fs)
crash: all
	@O=$(O) bash tests/crash/run.sh

# the in-process stress under ThreadSanitizer, in its own build directory
stress-tsan:
	@$(MAKE) --no-print-directory O=build-tsan SANITIZE=thread \
	    build-tsan/tests/fsstress_rump
	@O=build-tsan bash tests/stress/tsan.sh

# libFuzzer (tests/fuzz): clang with coverage, ASan and UBSan, in build-fuzz;
# FUZZ_SECONDS per target (default 30), FUZZ_TARGETS to pick some
fuzz:
	@$(MAKE) --no-print-directory O=build-fuzz CC=clang \
	    SANITIZE=fuzzer-no-link,address,undefined fuzz-targets
	@O=build-fuzz FUZZ_TARGETS="$(FUZZ_TARGETS)" bash tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/include/rump $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man8
	$(if $(PROGRAMS),install -m 755 $(addprefix $(O)/bin/,$(PROGRAMS)) $(DESTDIR)$(PREFIX)/bin)
	$(foreach l,$(INSTALL_LINKS),ln -sf $(word 2,$(subst =, ,$(l))) $(DESTDIR)$(PREFIX)/bin/$(word 1,$(subst =, ,$(l)));)
	install -m 644 $(LIBRUMP) $(LIBRUMPUSER) $(DESTDIR)$(PREFIX)/lib
	install -m 644 $(INCLUDES_PUBLIC) $(DESTDIR)$(PREFIX)/include/rump
	$(foreach m,$(MANPAGES),install -m 644 $(m) $(DESTDIR)$(PREFIX)/share/man/man$(subst .,,$(suffix $(m)));)

clean:
	rm -rf build build-san build-tsan

.PHONY: all check bench stress stress-tsan crash fuzz fuzz-targets demo \
	install clean
.DELETE_ON_ERROR:

# dependency files of the objects the build knows, never a walk of $(O): a
# test's FUSE mount that hangs would hang every make that looked into it
PROG_OBJS := $(foreach p,$(PROGRAMS) $(UNIT_TESTS) $(TEST_PROGS) $(BENCHES),\
	$(patsubst %.c,$(O)/host/%.o,$(filter %.c,$($(p)_SRCS))))
KTEST_OBJS := $(foreach t,$(KTESTS),\
	$(patsubst %.c,$(O)/ktest/%.o,$(filter %.c,$($(t)_SRCS))))
-include $(wildcard $(patsubst %.o,%.d,$(sort $(KERN_OBJS) $(HYP_OBJS) \
	$(PROG_OBJS) $(KTEST_OBJS))))
