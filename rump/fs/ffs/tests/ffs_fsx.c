/*
 * ffs_fsx image seed nops: a randomized exerciser of the ffs driver
 * against an in-memory model.  The image is mounted read-write and
 * random operations run through rump_sys_*: create, write at random
 * offsets (holes, fragment tails, indirect blocks), truncate up and down,
 * read back and compare, unlink, hard links, symlinks short and long,
 * mkdir/rmdir, renames of files and of a directory between parents.
 * First a sparse file past 4 GiB (indirect trees) is written, read,
 * truncated and removed.  Every so often the file system is unmounted
 * and mounted again and the
 * whole model compared with it.  Prints the seed; exit 0 when every
 * comparison held.  The shell test runs fsck_ffs on the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>

#define NSLOT	48
#define MAXLEN	(600 * 1024)

struct content {
	uint8_t *data;
	size_t len;
	int links;
};

struct slot {
	char path[160];
	int kind;		/* 0 free, 1 file, 2 symlink, 3 empty dir */
	struct content *c;	/* files */
	char target[300];	/* symlinks */
};

static struct slot s[NSLOT];
static const char *dirs[] = { "/mnt", "/mnt/d0", "/mnt/d1", "/mnt/d0/s",
    "/mnt/mv" };
static uint64_t rng;
static int failures;
static const char *image;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (uint32_t)(rng % n) : 0;
}

#define FAIL(...) do {							\
	printf("FAIL: " __VA_ARGS__);					\
	printf("\n");							\
	failures++;							\
} while (0)

static int
domount(void)
{
	struct { char *fspec; } args = { (char *)"/dev/fsximg" };

	return rump_sys_mount("ffs", "/mnt", 0, &args, sizeof(args));
}

static void
checkfile(struct slot *e)
{
	static uint8_t buf[MAXLEN];
	struct rump_stat st;
	rump_ssize_t n;
	int fd;

	if (rump_sys_stat(e->path, &st) == -1) {
		FAIL("stat %s: %s", e->path, strerror(errno));
		return;
	}
	if ((size_t)st.st_size != e->c->len || (int)st.st_nlink != e->c->links)
		FAIL("%s: size %lld nlink %u, want %zu %d", e->path,
		    (long long)st.st_size, st.st_nlink, e->c->len,
		    e->c->links);
	if ((fd = rump_sys_open(e->path, O_RDONLY)) == -1) {
		FAIL("open %s: %s", e->path, strerror(errno));
		return;
	}
	n = rump_sys_read(fd, buf, sizeof(buf));
	if (n != (rump_ssize_t)e->c->len ||
	    memcmp(buf, e->c->data, e->c->len) != 0)
		FAIL("%s: contents differ (read %ld of %zu)", e->path, n,
		    e->c->len);
	rump_sys_close(fd);
}

static void
checkall(void)
{
	char t[400];
	rump_ssize_t n;
	int i;

	for (i = 0; i < NSLOT; i++) {
		if (s[i].kind == 1)
			checkfile(&s[i]);
		else if (s[i].kind == 2) {
			n = rump_sys_readlink(s[i].path, t, sizeof(t));
			if (n != (rump_ssize_t)strlen(s[i].target) ||
			    memcmp(t, s[i].target, (size_t)n) != 0)
				FAIL("readlink %s", s[i].path);
		} else if (s[i].kind == 3) {
			struct rump_stat st;

			if (rump_sys_stat(s[i].path, &st) == -1 ||
			    (st.st_mode & 0170000) != 0040000)
				FAIL("dir %s", s[i].path);
		}
	}
}

static struct slot *
freeslot(void)
{
	int i, k = (int)rnd(NSLOT);

	for (i = 0; i < NSLOT; i++)
		if (s[(k + i) % NSLOT].kind == 0)
			return &s[(k + i) % NSLOT];
	return NULL;
}

static struct slot *
pick(int kind)
{
	int i, k = (int)rnd(NSLOT);

	for (i = 0; i < NSLOT; i++)
		if (s[(k + i) % NSLOT].kind == kind)
			return &s[(k + i) % NSLOT];
	return NULL;
}

static void
newname(char *buf, size_t len)
{
	static int serial;

	snprintf(buf, len, "%s/n%d-%0*d", dirs[rnd(5)], serial++,
	    (int)rnd(40) + 1, 7);
}

static void
op_create(void)
{
	struct slot *e = freeslot();
	int fd;

	if (e == NULL)
		return;
	newname(e->path, sizeof(e->path));
	if ((fd = rump_sys_open(e->path, O_RDWR | O_CREAT | O_EXCL, 0644)) ==
	    -1) {
		FAIL("create %s: %s", e->path, strerror(errno));
		return;
	}
	rump_sys_close(fd);
	e->kind = 1;
	e->c = calloc(1, sizeof(*e->c));
	e->c->data = calloc(1, MAXLEN);
	e->c->links = 1;
}

static void
op_write(void)
{
	static uint8_t buf[80000];
	struct slot *e = pick(1);
	size_t off, len, i;
	int fd;

	if (e == NULL)
		return;
	off = rnd(4) == 0 ? e->c->len : rnd(MAXLEN - 1);
	len = 1 + rnd(rnd(3) == 0 ? sizeof(buf) : 3000);
	if (off + len > MAXLEN)
		len = MAXLEN - off;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd(256);
	if ((fd = rump_sys_open(e->path, O_RDWR)) == -1) {
		FAIL("open %s: %s", e->path, strerror(errno));
		return;
	}
	if (rump_sys_pwrite(fd, buf, len, (int64_t)off) !=
	    (rump_ssize_t)len) {
		if (errno == ENOSPC) {
			/* a full image may have taken part of it; resync */
			rump_sys_close(fd);
			printf("ENOSPC at %s\n", e->path);
			return;
		}
		FAIL("pwrite %s: %s", e->path, strerror(errno));
	}
	rump_sys_close(fd);
	memcpy(e->c->data + off, buf, len);
	if (off + len > e->c->len)
		e->c->len = off + len;
}

static void
op_truncate(void)
{
	struct slot *e = pick(1);
	size_t len;

	if (e == NULL)
		return;
	len = rnd(2) ? rnd((uint32_t)e->c->len + 1) : rnd(MAXLEN);
	if (rump_sys_truncate(e->path, (int64_t)len) == -1) {
		FAIL("truncate %s: %s", e->path, strerror(errno));
		return;
	}
	if (len > e->c->len)
		memset(e->c->data + e->c->len, 0, len - e->c->len);
	else
		memset(e->c->data + len, 0, e->c->len - len);
	e->c->len = len;
}

static void
op_punch(void)
{
	struct slot *e = pick(1);
	size_t off, len;
	int fd;

	if (e == NULL)
		return;
	off = rnd((uint32_t)e->c->len + 1);
	len = 1 + rnd(MAXLEN / 2);
	if ((fd = rump_sys_open(e->path, O_RDWR, 0)) == -1) {
		FAIL("open %s: %s", e->path, strerror(errno));
		return;
	}
	if (rump_sys_fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
	    (int64_t)off, (int64_t)len) == -1)
		FAIL("punch %s %zu+%zu: %s", e->path, off, len,
		    strerror(errno));
	else if (off < e->c->len)
		memset(e->c->data + off, 0, len < e->c->len - off ? len :
		    e->c->len - off);
	rump_sys_close(fd);
}

static void
op_unlink(void)
{
	struct slot *e = pick(rnd(2) ? 1 : 2);

	if (e == NULL)
		return;
	if (rump_sys_unlink(e->path) == -1) {
		FAIL("unlink %s: %s", e->path, strerror(errno));
		return;
	}
	if (e->kind == 1 && --e->c->links == 0) {
		free(e->c->data);
		free(e->c);
	}
	e->kind = 0;
}

static void
op_link(void)
{
	struct slot *e = pick(1), *n = freeslot();

	if (e == NULL || n == NULL)
		return;
	newname(n->path, sizeof(n->path));
	if (rump_sys_link(e->path, n->path) == -1) {
		FAIL("link %s: %s", n->path, strerror(errno));
		return;
	}
	n->kind = 1;
	n->c = e->c;
	e->c->links++;
}

static void
op_symlink(void)
{
	struct slot *n = freeslot();
	size_t len = 1 + rnd(rnd(2) ? 50 : 290), i;

	if (n == NULL)
		return;
	newname(n->path, sizeof(n->path));
	for (i = 0; i < len; i++)
		n->target[i] = (char)('a' + rnd(26));
	n->target[len] = '\0';
	if (rump_sys_symlink(n->target, n->path) == -1) {
		FAIL("symlink %s: %s", n->path, strerror(errno));
		return;
	}
	n->kind = 2;
}

static void
op_dir(void)
{
	struct slot *e = pick(3);

	if (rnd(2) && e != NULL) {
		if (rump_sys_rmdir(e->path) == -1)
			FAIL("rmdir %s: %s", e->path, strerror(errno));
		else
			e->kind = 0;
		return;
	}
	if ((e = freeslot()) == NULL)
		return;
	newname(e->path, sizeof(e->path));
	if (rump_sys_mkdir(e->path, 0755) == -1)
		FAIL("mkdir %s: %s", e->path, strerror(errno));
	else
		e->kind = 3;
}

static void
op_rename(void)
{
	struct slot *e = pick(1 + rnd(3)), *t;
	char to[160];

	if (e == NULL)
		return;
	/* over an existing file, sometimes */
	t = e->kind == 1 && rnd(3) == 0 ? pick(1) : NULL;
	if (t == e || (t != NULL && t->c == e->c))
		t = NULL;
	if (t != NULL)
		snprintf(to, sizeof(to), "%s", t->path);
	else
		newname(to, sizeof(to));
	if (rump_sys_rename(e->path, to) == -1) {
		FAIL("rename %s %s: %s", e->path, to, strerror(errno));
		return;
	}
	if (t != NULL) {
		if (--t->c->links == 0) {
			free(t->c->data);
			free(t->c);
		}
		t->kind = 0;
	}
	snprintf(e->path, sizeof(e->path), "%s", to);
}

/* move /mnt/mv and everything in it between the root and d1 */
static void
op_movedir(void)
{
	const char *from = dirs[4], *to = "/mnt/d1/mv";
	size_t fl, i;
	char tmp[400];

	if (strcmp(dirs[4], "/mnt/mv") != 0) {
		from = "/mnt/d1/mv";
		to = "/mnt/mv";
	}
	if (rump_sys_rename(from, to) == -1) {
		FAIL("rename dir %s: %s", from, strerror(errno));
		return;
	}
	fl = strlen(from);
	for (i = 0; i < NSLOT; i++) {
		if (s[i].kind != 0 && strncmp(s[i].path, from, fl) == 0 &&
		    s[i].path[fl] == '/') {
			snprintf(tmp, sizeof(tmp), "%s%s", to, s[i].path + fl);
			memcpy(s[i].path, tmp, sizeof(s[i].path) - 1);
			s[i].path[sizeof(s[i].path) - 1] = '\0';
		}
	}
	dirs[4] = strcmp(to, "/mnt/mv") == 0 ? "/mnt/mv" : "/mnt/d1/mv";
}

/*
 * A sparse file past 4 GiB: the write lands in the double or triple
 * indirect tree, the hole before it reads as zeros, and truncating it
 * away frees the whole tree (fsck_ffs checks that afterwards).
 */
static void
bigfile(void)
{
	const int64_t off = 5LL * 1024 * 1024 * 1024 + 12345;
	char buf[64], zero[64];
	struct rump_stat st;
	int fd;

	memset(zero, 0, sizeof(zero));
	fd = rump_sys_open("/mnt/huge", O_RDWR | O_CREAT, 0644);
	if (fd == -1) {
		FAIL("create huge: %s", strerror(errno));
		return;
	}
	if (rump_sys_pwrite(fd, "far away", 8, off) != 8)
		FAIL("pwrite at 5 GiB: %s", strerror(errno));
	if (rump_sys_fstat(fd, &st) == -1 || st.st_size != off + 8)
		FAIL("huge: size %lld", (long long)st.st_size);
	if (rump_sys_pread(fd, buf, 8, off) != 8 || memcmp(buf, "far away", 8))
		FAIL("huge: read back");
	if (rump_sys_pread(fd, buf, 64, 4LL << 30) != 64 ||
	    memcmp(buf, zero, 64))
		FAIL("huge: hole at 4 GiB");
	/* the data block and at most three indirect blocks */
	if (st.st_blocks > 4 * (int64_t)(st.st_blksize / 512))
		FAIL("huge: %lld blocks for 8 bytes", (long long)st.st_blocks);
	rump_sys_close(fd);
}

static void
remount(void)
{
	if (rump_sys_unmount("/mnt", 0) == -1)
		FAIL("unmount: %s", strerror(errno));
	if (domount() == -1) {
		FAIL("mount: %s", strerror(errno));
		exit(1);
	}
	checkall();
}

int
main(int argc, char **argv)
{
	unsigned long seed, nops, i;
	int e;

	if (argc != 4)
		return 2;
	image = argv[1];
	seed = strtoul(argv[2], NULL, 0);
	nops = strtoul(argv[3], NULL, 0);
	rng = seed * 2654435761u + 1;
	printf("ffs_fsx: seed %lu, %lu operations\n", seed, nops);
	if ((e = rump_init()) != 0 ||
	    (e = rump_pub_etfs_register("/dev/fsximg", image,
	    RUMP_ETFS_BLK)) != 0) {
		printf("boot: %s\n", strerror(e));
		return 2;
	}
	rump_sys_mkdir("/mnt", 0755);
	if (domount() == -1) {
		printf("mount: %s\n", strerror(errno));
		return 2;
	}
	for (i = 1; i < 5; i++)
		if (rump_sys_mkdir(dirs[i], 0755) == -1)
			FAIL("mkdir %s: %s", dirs[i], strerror(errno));
	bigfile();
	remount();
	if (rump_sys_truncate("/mnt/huge", 4096) == -1)
		FAIL("truncate huge: %s", strerror(errno));
	remount();
	if (rump_sys_unlink("/mnt/huge") == -1)
		FAIL("unlink huge: %s", strerror(errno));
	for (i = 0; i < nops && failures < 10; i++) {
		switch (rnd(17)) {
		case 0: case 1: op_create(); break;
		case 2: case 3: case 4: case 5: op_write(); break;
		case 6: case 7: op_truncate(); break;
		case 8: op_unlink(); break;
		case 9: op_link(); break;
		case 10: op_symlink(); break;
		case 11: op_dir(); break;
		case 12: case 13: op_rename(); break;
		case 14: op_movedir(); break;
		case 15: op_punch(); break;
		default: {
			struct slot *f = pick(1);

			if (f != NULL)
				checkfile(f);
		}
		}
		if (i % 150 == 149)
			remount();
	}
	remount();
	if (rump_sys_unmount("/mnt", 0) == -1)
		FAIL("final unmount: %s", strerror(errno));
	printf("ffs_fsx: %d failures\n", failures);
	return failures ? 1 : 0;
}
