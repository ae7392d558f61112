/*
 * A libFuzzer target for one driver (FUZZ_VFS, "ext2fs", "ffs", ...): the
 * input is a disk image.  It is held in memory (a memfd, registered as
 * the rump block device through etfs: no file is written), mounted
 * read-write where the driver writes, walked (every directory read,
 * every entry stat'ed, every file read, every link read), then changed a
 * little (a file written, renamed, removed; a directory made and
 * removed), synced and unmounted.  Everything is bounded (depth, entries,
 * bytes), so an input finishes in well under a second.  The driver's
 * console lines (it reports damage there) are captured and dropped
 * (FUZZ_CONSOLE=1 in the environment prints them: to replay an input).
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined;
 * tests/fuzz/run.sh runs it on its corpus.  fuzz_replay.c runs the same
 * code on the corpus and the regression images in every build (make
 * check, tests/fuzz/t_fuzz_replay.sh).
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser.h>
#include <rump/ukfs_driver.h>

/* the driver: fixed in a fuzz target, from the environment in fuzz_replay */
#ifdef FUZZ_VFS
#define fuzz_vfsname()	FUZZ_VFS
#else
#define fuzz_vfsname()	(getenv("FUZZ_VFS") != NULL ? getenv("FUZZ_VFS") : "")
#endif

#define FUZZ_DEV	"/dev/fuzzimg"
#define FUZZ_MNT	"/mnt"
#define FUZZ_MAXIMG	(8u << 20)	/* larger inputs are skipped */
#define FUZZ_MAXDEPTH	8
#define FUZZ_MAXENTS	512		/* entries visited per input */
#define FUZZ_MAXREAD	(256u << 10)	/* bytes read per input */

struct walk {
	int entries;
	size_t bytes;
};

static int fuzz_memfd = -1;
static char fuzz_path[64];
static const struct ukfs_driver *fuzz_drv;
static char fuzz_cons[8192];

static void
fuzz_boot(void)
{

	if (rump_init() != 0)
		abort();
	if ((fuzz_drv = ukfs_driver_find(fuzz_vfsname())) == NULL) {
		fprintf(stderr, "fuzz: no driver '%s'\n", fuzz_vfsname());
		abort();
	}
	if ((fuzz_memfd = memfd_create("fuzzimg", 0)) == -1)
		abort();
	snprintf(fuzz_path, sizeof(fuzz_path), "/proc/self/fd/%d",
	    fuzz_memfd);
	if (rump_sys_mkdir(FUZZ_MNT, 0755) == -1)
		abort();
}

static void
fuzz_readfile(const char *path, struct walk *w)
{
	char buf[8192];
	ssize_t n;
	int fd;

	if ((fd = rump_sys_open(path, O_RDONLY)) == -1)
		return;
	while (w->bytes < FUZZ_MAXREAD &&
	    (n = rump_sys_read(fd, buf, sizeof(buf))) > 0)
		w->bytes += (size_t)n;
	rump_sys_close(fd);
}

static void fuzz_walk(const char *dir, int depth, struct walk *w);

/* one directory entry: stat it, read what it holds */
static void
fuzz_visit(const char *path, int depth, struct walk *w)
{
	struct rump_stat sb;
	char target[1024];

	if (rump_sys_lstat(path, &sb) == -1)
		return;
	if (S_ISREG(sb.st_mode))
		fuzz_readfile(path, w);
	else if (S_ISLNK(sb.st_mode))
		(void)rump_sys_readlink(path, target, sizeof(target));
	else if (S_ISDIR(sb.st_mode) && depth < FUZZ_MAXDEPTH)
		fuzz_walk(path, depth + 1, w);
}

static void
fuzz_walk(const char *dir, int depth, struct walk *w)
{
	char buf[4096], path[1024];
	struct rump_dirent *de;
	int fd, n, off;

	if ((fd = rump_sys_open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return;
	while (w->entries < FUZZ_MAXENTS &&
	    (n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n && w->entries < FUZZ_MAXENTS;
		    off += de->d_reclen) {
			de = (struct rump_dirent *)(void *)(buf + off);
			if (de->d_reclen == 0)
				break;
			w->entries++;
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			fuzz_visit(path, depth, w);
		}
	}
	rump_sys_close(fd);
}

/* a few small changes: each may fail on a damaged or full image */
static void
fuzz_change(void)
{
	static const char data[5000];
	int fd;

	if ((fd = rump_sys_open(FUZZ_MNT "/fz.new", O_RDWR |
	    O_CREAT, 0644)) != -1) {
		(void)rump_sys_write(fd, data, sizeof(data));
		(void)rump_sys_fsync(fd);
		rump_sys_close(fd);
	}
	(void)rump_sys_rename(FUZZ_MNT "/fz.new", FUZZ_MNT "/fz.moved");
	(void)rump_sys_mkdir(FUZZ_MNT "/fz.dir", 0755);
	(void)rump_sys_rename(FUZZ_MNT "/fz.moved", FUZZ_MNT "/fz.dir/f");
	(void)rump_sys_unlink(FUZZ_MNT "/fz.dir/f");
	(void)rump_sys_rmdir(FUZZ_MNT "/fz.dir");
	rump_sys_sync();
}

static void
fuzz_mount(int flags)
{
	struct walk w = { 0, 0 };
	void *args;

	if ((args = ukfs_driver_mkargs(fuzz_drv)) == NULL)
		return;
	*(const char **)args = FUZZ_DEV;
	if (rump_sys_mount(fuzz_drv->ud_name, FUZZ_MNT, flags, args,
	    fuzz_drv->ud_argsize) == 0) {
		fuzz_walk(FUZZ_MNT, 0, &w);
		if ((flags & RUMP_MNT_RDONLY) == 0)
			fuzz_change();
		if (rump_sys_unmount(FUZZ_MNT, 0) == -1 &&
		    rump_sys_unmount(FUZZ_MNT, RUMP_MNT_FORCE) == -1) {
			/* a mount that cannot go: a bug */
			rumpuser_cons_capture(NULL, 0);
			fprintf(stderr, "fuzz: unmount: %s\n%s", strerror(errno),
			    fuzz_cons);
			abort();
		}
	}
	free(args);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int flags;

	if (fuzz_memfd == -1)
		fuzz_boot();
	if (size < 1024 || size > FUZZ_MAXIMG)
		return 0;
	if (ftruncate(fuzz_memfd, 0) == -1 ||
	    pwrite(fuzz_memfd, data, size, 0) != (ssize_t)size)
		abort();
	rumpuser_cons_capture(fuzz_cons, sizeof(fuzz_cons));
	if (rump_pub_etfs_register(FUZZ_DEV, fuzz_path, RUMP_ETFS_BLK) == 0) {
		flags = fuzz_drv->ud_readonly ? RUMP_MNT_RDONLY : 0;
		fuzz_mount(flags);
		if (rump_pub_etfs_remove(FUZZ_DEV) != 0)
			abort();	/* still in use: a leaked reference */
	}
	rumpuser_cons_capture(NULL, 0);
	/* replaying one input: what the driver said about it */
	if (getenv("FUZZ_CONSOLE") != NULL)
		fputs(fuzz_cons, stderr);
	return 0;
}
