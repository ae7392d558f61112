/*
 * msdos_tool: the in-process helper of t_msdosfs.sh.  Boots a rump
 * kernel, mounts a FAT image (etfs block device, vfs "msdos") and runs
 * the commands read from stdin, one a line, fields separated by tabs:
 *
 *	walk			manifest of the tree: "d PATH" or
 *				"f PATH SIZE HASH", depth first, sorted
 *	ls PATH			names in readdir order
 *	put HOSTFILE PATH	copy a host file in
 *	put1 HOSTFILE PATH	the same in one write: "wrote N", and if
 *				that was short, the error of writing the rest
 *	cat PATH		the file's bytes to stdout
 *	sum PATH		its size and hash
 *	mkdir PATH | rm PATH | rmdir PATH | mv FROM TO
 *	trunc PATH SIZE | chmod PATH OCTAL | stat PATH | statvfs
 *	utime PATH SECONDS	set the access and modification times
 *	pwrite PATH OFFSET TEXT | fsync PATH
 *
 * A failed command prints "ERR <command> <arg>: <errno name>" and the
 * run goes on; the exit status is 1 if any failed, 2 if the mount did.
 *
 *	msdos_tool [-r] [-s|-l|-9] [-t gmtoff] IMAGE < script
 *	msdos_tool -H DIR	the same manifest of a host directory
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_etfs.h>

#include "../msdosfs_args.h"

#define DEV	"/dev/fatimg"
#define MNT	"/mnt"

static bool host;
static int failed;

static const char *
ename(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ ENOENT, "ENOENT" }, { EEXIST, "EEXIST" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EINVAL, "EINVAL" },
		{ EPERM, "EPERM" }, { EFBIG, "EFBIG" }, { EIO, "EIO" },
		{ EROFS, "EROFS" }, { ENOSPC, "ENOSPC" }, { EISDIR, "EISDIR" },
		{ ENOTDIR, "ENOTDIR" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EACCES, "EACCES" },
	};
	static char buf[32];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return t[i].n;
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static void
fail(const char *op, const char *arg)
{
	printf("ERR %s %s: %s\n", op, arg, ename(errno));
	failed = 1;
}

static char *
mpath(const char *p)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s%s%s", host ? "" : MNT,
	    p[0] == '/' ? "" : "/", p);
	return buf;
}

static int
xopen(const char *p, int fl)
{
	return host ? open(p, fl) : rump_sys_open(p, fl);
}

static long
xread(int fd, void *b, size_t n)
{
	return host ? read(fd, b, n) : rump_sys_read(fd, b, n);
}

static void
xclose(int fd)
{
	if (host)
		close(fd);
	else
		rump_sys_close(fd);
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* a name list, growing; "." and ".." left out */
struct names {
	char	**n_v;
	size_t	n_len, n_max;
};

static void
names_add(struct names *nl, const char *name)
{
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return;
	if (nl->n_len == nl->n_max) {
		nl->n_max = nl->n_max ? 2 * nl->n_max : 32;
		if ((nl->n_v = realloc(nl->n_v, nl->n_max *
		    sizeof(*nl->n_v))) == NULL)
			abort();
	}
	nl->n_v[nl->n_len++] = strdup(name);
}

/* The names in a rump directory, in getdents order. */
static void
rump_names(const char *path, struct names *nl)
{
	static char buf[8192];
	struct rump_dirent *rd;
	long got, off;
	int fd;

	if ((fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY)) < 0) {
		fail("ls", path);
		return;
	}
	while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < got; off += rd->d_reclen) {
			rd = (struct rump_dirent *)(buf + off);
			names_add(nl, rd->d_name);
		}
	if (got < 0)
		fail("getdents", path);
	rump_sys_close(fd);
}

static char **
list_dir(const char *path, size_t *np, bool sorted)
{
	struct names nl = { NULL, 0, 0 };
	struct dirent **hl;
	int i, hn;

	if (!host)
		rump_names(path, &nl);
	else if ((hn = scandir(path, &hl, NULL, NULL)) >= 0) {
		for (i = 0; i < hn; i++) {
			names_add(&nl, hl[i]->d_name);
			free(hl[i]);
		}
		free(hl);
	}
	if (sorted && nl.n_len > 0)
		qsort(nl.n_v, nl.n_len, sizeof(*nl.n_v), cmpname);
	*np = nl.n_len;
	return nl.n_v;
}

static uint64_t
hash_file(const char *path, long long *sizep)
{
	static char buf[65536];
	uint64_t h = 1469598103934665603ULL;
	long n, i;
	int fd;

	*sizep = 0;
	if ((fd = xopen(path, O_RDONLY)) < 0) {
		fail("open", path);
		return 0;
	}
	while ((n = xread(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			h = (h ^ (uint8_t)buf[i]) * 1099511628211ULL;
		*sizep += n;
	}
	if (n < 0)
		fail("read", path);
	xclose(fd);
	return h;
}

static bool
isdir(const char *path)
{
	struct rump_stat rs;
	struct stat st;

	if (host)
		return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	return rump_sys_stat(path, &rs) == 0 && S_ISDIR(rs.st_mode);
}

static void
walk(const char *path, const char *rel, int depth)
{
	char **names, child[4096], crel[4096];
	long long size;
	uint64_t h;
	size_t n, i;

	if (depth > 64) {
		printf("ERR walk %s: too deep\n", rel);
		failed = 1;
		return;
	}
	names = list_dir(path, &n, true);
	for (i = 0; i < n; i++) {
		snprintf(child, sizeof(child), "%s/%s", path, names[i]);
		snprintf(crel, sizeof(crel), "%s/%s", rel, names[i]);
		if (isdir(child)) {
			printf("d %s\n", crel);
			walk(child, crel, depth + 1);
		} else {
			h = hash_file(child, &size);
			printf("f %s %lld %016llx\n", crel, size,
			    (unsigned long long)h);
		}
		free(names[i]);
	}
	free(names);
}

static void
do_put(const char *hostfile, const char *p)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	if ((in = open(hostfile, O_RDONLY)) < 0) {
		fail("put", hostfile);
		return;
	}
	if ((out = rump_sys_open(mpath(p), O_WRONLY | O_CREAT | O_TRUNC,
	    0644)) < 0) {
		fail("put", p);
		close(in);
		return;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		ssize_t done = 0, w = 0;

		/* a short write (the disk filled up) says why on the next */
		while (done < n && (w = rump_sys_write(out, buf + done,
		    (size_t)(n - done))) > 0)
			done += w;
		if (w <= 0) {
			fail("put", p);
			break;
		}
	}
	close(in);
	rump_sys_close(out);
}

/* the whole host file in one buffer; NULL (errno) if it cannot be */
static char *
slurp(const char *hostfile, size_t *sizep)
{
	struct stat st;
	char *buf = NULL;
	size_t done = 0;
	ssize_t n = 1;
	int fd;

	if ((fd = open(hostfile, O_RDONLY)) < 0)
		return NULL;
	if (fstat(fd, &st) == 0 &&
	    (buf = malloc((size_t)st.st_size + 1)) != NULL)
		while (done < (size_t)st.st_size && (n = read(fd, buf + done,
		    (size_t)st.st_size - done)) > 0)
			done += (size_t)n;
	close(fd);
	if (buf != NULL && n <= 0) {
		free(buf);
		errno = n == 0 ? EIO : errno;
		return NULL;
	}
	*sizep = done;
	return buf;
}

static void
do_put1(const char *hostfile, const char *p)
{
	size_t size;
	char *buf;
	long w;
	int out;

	if ((buf = slurp(hostfile, &size)) == NULL) {
		fail("put1", hostfile);
		return;
	}
	if ((out = rump_sys_open(mpath(p), O_WRONLY | O_CREAT | O_TRUNC,
	    0644)) < 0) {
		fail("put1", p);
		free(buf);
		return;
	}
	if ((w = rump_sys_write(out, buf, size)) < 0)
		fail("put1", p);
	else {
		printf("wrote %ld\n", w);
		if ((size_t)w < size &&
		    rump_sys_write(out, buf + w, size - (size_t)w) < 0)
			fail("put1", p);
	}
	rump_sys_close(out);
	free(buf);
}

static void
do_fsync(const char *p)
{
	int fd;

	if ((fd = rump_sys_open(mpath(p), O_RDWR)) < 0) {
		fail("fsync", p);
		return;
	}
	if (rump_sys_fsync(fd) != 0)
		fail("fsync", p);
	rump_sys_close(fd);
}

static void
do_cat(const char *p)
{
	char buf[65536];
	long n;
	int fd;

	if ((fd = rump_sys_open(mpath(p), O_RDONLY)) < 0) {
		fail("cat", p);
		return;
	}
	fflush(stdout);
	while ((n = rump_sys_read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) != n)
			break;
	if (n < 0)
		fail("cat", p);
	rump_sys_close(fd);
}

static void
do_pwrite(const char *p, const char *off, const char *text)
{
	int fd;

	if ((fd = rump_sys_open(mpath(p), O_WRONLY | O_CREAT, 0644)) < 0) {
		fail("pwrite", p);
		return;
	}
	if (rump_sys_lseek(fd, strtoll(off, NULL, 0), SEEK_SET) < 0 ||
	    rump_sys_write(fd, text, strlen(text)) != (long)strlen(text))
		fail("pwrite", p);
	rump_sys_close(fd);
}

static void
do_stat(const char *p)
{
	struct rump_stat st;

	if (rump_sys_stat(mpath(p), &st) != 0) {
		fail("stat", p);
		return;
	}
	printf("%o %lld %lld\n", (unsigned)st.st_mode,
	    (long long)st.st_size, (long long)st.st_mtim.tv_sec);
}

static void
do_ls(const char *p)
{
	char **names;
	size_t n, i;

	names = list_dir(mpath(p), &n, false);
	for (i = 0; i < n; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
}

static void
run(char *f[4])
{
	struct rump_statvfs sv;
	const char *op = f[0];

	if (!strcmp(op, "walk"))
		walk(MNT, "", 0);
	else if (!strcmp(op, "ls"))
		do_ls(f[1]);
	else if (!strcmp(op, "put"))
		do_put(f[1], f[2]);
	else if (!strcmp(op, "put1"))
		do_put1(f[1], f[2]);
	else if (!strcmp(op, "fsync"))
		do_fsync(f[1]);
	else if (!strcmp(op, "cat"))
		do_cat(f[1]);
	else if (!strcmp(op, "sum")) {
		long long size;
		uint64_t h = hash_file(mpath(f[1]), &size);
		printf("%lld %016llx\n", size, (unsigned long long)h);
	}
	else if (!strcmp(op, "pwrite"))
		do_pwrite(f[1], f[2], f[3]);
	else if (!strcmp(op, "stat"))
		do_stat(f[1]);
	else if (!strcmp(op, "mkdir")) {
		if (rump_sys_mkdir(mpath(f[1]), 0755) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "rm")) {
		if (rump_sys_unlink(mpath(f[1])) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "rmdir")) {
		if (rump_sys_rmdir(mpath(f[1])) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "mv")) {
		char from[4096];
		snprintf(from, sizeof(from), "%s", mpath(f[1]));
		if (rump_sys_rename(from, mpath(f[2])) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "trunc")) {
		if (rump_sys_truncate(mpath(f[1]), strtoll(f[2], NULL, 0)) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "chmod")) {
		if (rump_sys_chmod(mpath(f[1]),
		    (uint32_t)strtoul(f[2], NULL, 8)) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "utime")) {
		struct rump_timespec ts[2];
		ts[0].tv_sec = ts[1].tv_sec = strtoll(f[2], NULL, 0);
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
		if (rump_sys_utimensat(AT_FDCWD, mpath(f[1]), ts, 0) != 0)
			fail(op, f[1]);
	} else if (!strcmp(op, "statvfs")) {
		if (rump_sys_statvfs(MNT, &sv) != 0)
			fail(op, "/");
		else
			printf("%llu %llu %llu\n",
			    (unsigned long long)sv.f_bsize,
			    (unsigned long long)sv.f_blocks,
			    (unsigned long long)sv.f_bfree);
	} else {
		printf("ERR unknown command %s\n", op);
		failed = 1;
	}
}

static void
script(void)
{
	char line[8192], *f[4], *s;
	int i;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == 0 || line[0] == '#')
			continue;
		for (i = 0, s = line; i < 4; i++) {
			f[i] = s != NULL ? strsep(&s, "\t") : (char *)"";
		}
		run(f);
		fflush(stdout);
	}
}

static int
mount_image(const char *image, int mflags, struct msdosfs_args *args)
{
	int error;

	if ((error = rump_init()) != 0)
		return error;
	if ((error = rump_pub_etfs_register(DEV, image, RUMP_ETFS_BLK)) != 0)
		return error;
	if (rump_sys_mkdir(MNT, 0755) != 0 && errno != EEXIST)
		return errno;
	if (rump_sys_mount("msdos", MNT, mflags, args, sizeof(*args)) != 0)
		return errno;
	return 0;
}

int
main(int argc, char **argv)
{
	struct msdosfs_args args = {
		.fspec = (char *)DEV, .uid = 0, .gid = 0, .mask = 0755,
		.dirmask = 0755, .flags = 0, .gmtoff = 0,
	};
	int c, mflags = 0, error;

	while ((c = getopt(argc, argv, "H:rsl9t:")) != -1) {
		switch (c) {
		case 'H':
			host = true;
			walk(optarg, "", 0);
			return failed;
		case 'r': mflags |= RUMP_MNT_RDONLY; break;
		case 's': args.flags |= MSDOSFSMNT_SHORTNAME; break;
		case 'l': args.flags |= MSDOSFSMNT_LONGNAME; break;
		case '9': args.flags |= MSDOSFSMNT_NOWIN95; break;
		case 't': args.gmtoff = (int32_t)strtol(optarg, NULL, 0); break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: msdos_tool [-r] [-s|-l|-9] image\n");
		return 2;
	}
	if ((error = mount_image(argv[optind], mflags, &args)) != 0) {
		printf("ERR mount %s: %s\n", argv[optind], ename(error));
		return 2;
	}
	script();
	if (rump_sys_unmount(MNT, 0) != 0) {
		printf("ERR unmount: %s\n", ename(errno));
		failed = 1;
	}
	rump_pub_etfs_remove(DEV);
	return failed;
}
