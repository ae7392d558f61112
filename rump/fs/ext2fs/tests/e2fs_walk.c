/*
 * e2fs_walk: print a manifest of a tree, one line per file, sorted by
 * path: type, mode, owner, size, mtime (seconds and nanoseconds), a
 * content hash or symlink target or device number, and the hard-link
 * group.  -H DIR walks a host directory with the host's calls; IMAGE
 * walks an ext2 image mounted read-only in a rump kernel.  Two manifests
 * of the same tree must be identical.  Errors go to stderr, exit 1.
 *
 *	e2fs_walk -H dir
 *	e2fs_walk [-n] [-w] image	(-n: no nanoseconds, -w: mount rw)
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_etfs.h>

#include "e2fs_common.h"

static bool host;
static bool nonsec;
static int nerrors;

struct ent {
	char *path;
	struct rump_stat st;
};

static struct ent *ents;
static size_t nents, maxents;

static void
err_at(const char *path, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", path, what, strerror(errno));
	nerrors++;
}

static int
do_lstat(const char *path, struct rump_stat *rs)
{
	struct stat st;

	if (!host)
		return rump_sys_lstat(path, rs);
	if (lstat(path, &st) != 0)
		return -1;
	memset(rs, 0, sizeof(*rs));
	rs->st_ino = st.st_ino;
	rs->st_mode = st.st_mode;
	rs->st_nlink = (uint32_t)st.st_nlink;
	rs->st_uid = st.st_uid;
	rs->st_gid = st.st_gid;
	rs->st_rdev = ((uint64_t)major(st.st_rdev) << 32) | minor(st.st_rdev);
	rs->st_size = st.st_size;
	rs->st_mtim.tv_sec = st.st_mtim.tv_sec;
	rs->st_mtim.tv_nsec = st.st_mtim.tv_nsec;
	return 0;
}

/* FNV-1a over the file's bytes; 0 and an error on failure. */
static uint64_t
hash_file(const char *path)
{
	static char buf[65536];
	uint64_t h = 1469598103934665603ULL;
	long n;
	int fd;

	fd = host ? open(path, O_RDONLY) : rump_sys_open(path, O_RDONLY);
	if (fd < 0) {
		err_at(path, "open");
		return 0;
	}
	for (;;) {
		n = host ? read(fd, buf, sizeof(buf)) :
		    rump_sys_read(fd, buf, sizeof(buf));
		if (n < 0) {
			err_at(path, "read");
			break;
		}
		if (n == 0)
			break;
		for (long i = 0; i < n; i++)
			h = (h ^ (uint8_t)buf[i]) * 1099511628211ULL;
	}
	if (host)
		close(fd);
	else
		rump_sys_close(fd);
	return h;
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, without "." and "..". */
static char **
list_dir(const char *path, size_t *np)
{
	char **names = NULL;
	size_t n = 0, max = 0;

	if (host) {
		DIR *d = opendir(path);
		struct dirent *de;
		if (d == NULL) {
			err_at(path, "opendir");
			*np = 0;
			return NULL;
		}
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (n == max)
				names = realloc(names, (max = max * 2 + 16) *
				    sizeof(*names));
			names[n++] = strdup(de->d_name);
		}
		closedir(d);
	} else {
		static char buf[8192];
		long got;
		int fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY);
		if (fd < 0) {
			err_at(path, "open dir");
			*np = 0;
			return NULL;
		}
		while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
			for (long off = 0; off < got;) {
				struct rump_dirent *de =
				    (struct rump_dirent *)(buf + off);
				off += de->d_reclen;
				if (!strcmp(de->d_name, ".") ||
				    !strcmp(de->d_name, ".."))
					continue;
				if (n == max)
					names = realloc(names, (max = max * 2 +
					    16) * sizeof(*names));
				names[n++] = strdup(de->d_name);
			}
		}
		if (got < 0)
			err_at(path, "getdents");
		rump_sys_close(fd);
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), cmpname);
	*np = n;
	return names;
}

static void
walk(const char *path, int depth)
{
	struct rump_stat st;
	char **names, *child;
	size_t n, i;

	if (depth > 64) {
		errno = ELOOP;
		err_at(path, "too deep (a directory loop?)");
		return;
	}
	if (do_lstat(path, &st) != 0) {
		err_at(path, "lstat");
		return;
	}
	if (nents == maxents)
		ents = realloc(ents, (maxents = maxents * 2 + 64) *
		    sizeof(*ents));
	ents[nents].path = strdup(path);
	ents[nents++].st = st;
	if (!S_ISDIR(st.st_mode))
		return;
	names = list_dir(path, &n);
	for (i = 0; i < n; i++) {
		if (asprintf(&child, "%s/%s", path, names[i]) < 0)
			abort();
		walk(child, depth + 1);
		free(child);
		free(names[i]);
	}
	free(names);
}

static void
print_ent(const struct ent *e, size_t rootlen, size_t idx)
{
	const struct rump_stat *st = &e->st;
	const char *rel = e->path + rootlen;
	char target[8192];
	long n;
	size_t j;

	printf("%s %06o %u:%u", *rel ? rel : "/", st->st_mode, st->st_uid,
	    st->st_gid);
	if (!S_ISDIR(st->st_mode))
		printf(" size=%lld", (long long)st->st_size);
	printf(" mtime=%lld", (long long)st->st_mtim.tv_sec);
	if (!nonsec)
		printf(".%09ld", st->st_mtim.tv_nsec);
	if (S_ISREG(st->st_mode))
		printf(" hash=%016llx", (unsigned long long)hash_file(e->path));
	if (S_ISLNK(st->st_mode)) {
		n = host ? readlink(e->path, target, sizeof(target) - 1) :
		    rump_sys_readlink(e->path, target, sizeof(target) - 1);
		if (n < 0) {
			err_at(e->path, "readlink");
			n = 0;
		}
		target[n] = 0;
		printf(" -> %s", target);
	}
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		printf(" rdev=%u,%u", (unsigned)(st->st_rdev >> 32),
		    (unsigned)(st->st_rdev & 0xffffffff));
	if (!S_ISDIR(st->st_mode) && st->st_nlink > 1) {
		/* the hard-link group: the first path with this inode */
		for (j = 0; j < idx; j++)
			if (ents[j].st.st_ino == st->st_ino)
				break;
		printf(" link=%s nlink=%u", ents[j].path + rootlen,
		    st->st_nlink);
	}
	printf("\n");
}

int
main(int argc, char **argv)
{
	const char *root;
	bool rw = false;
	int ch, error;
	size_t i;

	while ((ch = getopt(argc, argv, "Hnw")) != -1) {
		switch (ch) {
		case 'H': host = true; break;
		case 'n': nonsec = true; break;
		case 'w': rw = true; break;
		default:
			fprintf(stderr, "usage: e2fs_walk [-Hnw] dir|image\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: e2fs_walk [-Hnw] dir|image\n");
		return 2;
	}
	root = argv[optind];
	if (!host) {
		if ((error = e2fs_mount(root, rw ? 0 : RUMP_MNT_RDONLY)) != 0) {
			fprintf(stderr, "mount %s: %s\n", root,
			    strerror(error));
			return 1;
		}
		root = E2FS_MNT;
	}
	walk(root, 0);
	for (i = 0; i < nents; i++)
		print_ent(&ents[i], strlen(root), i);
	if (!host && (error = e2fs_unmount()) != 0) {
		fprintf(stderr, "unmount: %s\n", strerror(error));
		nerrors++;
	}
	return nerrors ? 1 : 0;
}
