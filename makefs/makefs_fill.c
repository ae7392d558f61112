/*
 * Filling the mounted image from the tree through ukfs: every entry is
 * made (parents first, then their entries in name order), then every
 * entry gets its owner, mode and times, so that no later create touches
 * a directory's times.  Under -T every time is -T's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <rump/ukfs.h>

#include "makefs.h"

#define MKFS_CHUNK	(1024 * 1024)

struct mkfs_fillctx {
	struct ukfs *fs;
	const struct mkfs_opts *o;
	char *buf;
	struct mkfs_progress prog;
};

static int
mkfs_fill_fail(const struct mkfs_node *n, const char *what, int error)
{
	if (error == ENOSPC)
		mkfs_warnx("%s: %s %s: the image is full (a larger -s?)",
		    n->host, what, n->path);
	else
		mkfs_warnx("%s: %s %s: %s", n->host, what, n->path,
		    strerror(error));
	return -1;
}

/* the host file's data regions (holes stay holes) to image fd */
static int
mkfs_copy_data(struct mkfs_fillctx *c, const struct mkfs_node *n, int hfd,
    int ifd)
{
	off_t size = n->st.st_size, off = 0, end;
	ssize_t got;
	long w;

	while (off < size) {
		if ((off = lseek(hfd, off, SEEK_DATA)) < 0)
			return errno == ENXIO ? 0 : -1;
		if ((end = lseek(hfd, off, SEEK_HOLE)) < 0)
			return -1;
		while (off < end) {
			size_t want = end - off > MKFS_CHUNK ? MKFS_CHUNK :
			    (size_t)(end - off);

			if ((got = pread(hfd, c->buf, want, off)) <= 0) {
				if (got == 0)	/* shrank under us */
					return 0;
				return -1;
			}
			w = ukfs_write_fd(c->fs, ifd, off, c->buf, (size_t)got,
			    0);
			if (w != got) {
				if (w >= 0)	/* short: the image is full */
					errno = ENOSPC;
				return -1;
			}
			off += got;
			c->prog.bytes += (uint64_t)got;
			mkfs_progress(&c->prog, false);
		}
	}
	return 0;
}

static int
mkfs_fill_file(struct mkfs_fillctx *c, const struct mkfs_node *n)
{
	int hfd, ifd, error = 0;

	if ((hfd = open(n->host, O_RDONLY | O_NOFOLLOW)) == -1) {
		mkfs_warnx("%s: %s", n->host, strerror(errno));
		return -1;
	}
	if ((ifd = ukfs_open(c->fs, n->path, O_WRONLY | O_CREAT | O_EXCL))
	    == -1) {
		error = errno;
		close(hfd);
		return mkfs_fill_fail(n, "create", error);
	}
	if (mkfs_copy_data(c, n, hfd, ifd) != 0 ||
	    ukfs_ftruncate(c->fs, ifd, n->st.st_size) != 0)
		error = errno;
	if (ukfs_close(c->fs, ifd) != 0 && error == 0)
		error = errno;
	close(hfd);
	return error != 0 ? mkfs_fill_fail(n, "write", error) : 0;
}

static int
mkfs_fill_symlink(struct mkfs_fillctx *c, const struct mkfs_node *n)
{
	ssize_t len = readlink(n->host, c->buf, MKFS_CHUNK - 1);

	if (len < 0) {
		mkfs_warnx("%s: %s", n->host, strerror(errno));
		return -1;
	}
	c->buf[len] = '\0';
	if (ukfs_symlink(c->fs, c->buf, n->path) != 0)
		return mkfs_fill_fail(n, "symlink", errno);
	return 0;
}

static int
mkfs_fill_node(struct mkfs_fillctx *c, const struct mkfs_node *n)
{
	mode_t m = n->st.st_mode;
	uint64_t dev = (uint64_t)major(n->st.st_rdev) << 32 |
	    minor(n->st.st_rdev);
	int r;

	if (S_ISFIFO(m))
		r = ukfs_mkfifo(c->fs, n->path, m & 07777);
	else
		r = ukfs_mknod(c->fs, n->path, m & (S_IFMT | 07777), dev);
	return r != 0 ? mkfs_fill_fail(n, "mknod", errno) : 0;
}

static int
mkfs_fill_one(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct mkfs_fillctx *c = ctx;
	mode_t m = n->st.st_mode;

	(void)dir;
	c->prog.files++;
	mkfs_progress(&c->prog, false);
	if (n->first != NULL && c->o->type->links) {
		if (ukfs_link(c->fs, n->first->path, n->path) != 0)
			return mkfs_fill_fail(n, "link", errno);
		return 0;
	}
	if (S_ISDIR(m)) {
		struct rump_stat sb;

		/* one the empty file system has (lost+found) is merged */
		if (ukfs_mkdir(c->fs, n->path, m & 07777) != 0 &&
		    (errno != EEXIST || ukfs_lstat(c->fs, n->path, &sb) != 0 ||
		    (sb.st_mode & S_IFMT) != S_IFDIR))
			return mkfs_fill_fail(n, "mkdir", errno);
		return 0;
	}
	if (S_ISREG(m))
		return mkfs_fill_file(c, n);
	if (S_ISLNK(m))
		return mkfs_fill_symlink(c, n);
	return mkfs_fill_node(c, n);
}

/* owner, mode, times; a symlink's own */
static int
mkfs_fill_attrs(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct mkfs_fillctx *c = ctx;
	const struct stat *st = &n->st;
	struct rump_timespec ts[2] = {
		{ st->st_atim.tv_sec, st->st_atim.tv_nsec },
		{ st->st_mtim.tv_sec, st->st_mtim.tv_nsec },
	};
	bool lnk = S_ISLNK(st->st_mode);

	(void)dir;
	if (n->first != NULL && c->o->type->links)
		return 0;	/* the first name did it */
	if (c->o->timeset)
		ts[0] = ts[1] = (struct rump_timespec){ c->o->timestamp, 0 };
	if (c->o->type->owners && (lnk ? ukfs_lchown : ukfs_chown)(c->fs,
	    n->path, st->st_uid, st->st_gid) != 0)
		return mkfs_fill_fail(n, "chown", errno);
	if (!lnk && ukfs_chmod(c->fs, n->path, st->st_mode & 07777) != 0)
		return mkfs_fill_fail(n, "chmod", errno);
	if ((lnk ? ukfs_lutimes : ukfs_utimes)(c->fs, n->path, ts) != 0)
		return mkfs_fill_fail(n, "set the times of", errno);
	return 0;
}

int
mkfs_fill(struct ukfs *fs, const struct mkfs_tree *t,
    const struct mkfs_opts *o)
{
	struct mkfs_fillctx c = { fs, o, malloc(MKFS_CHUNK), { 0 } };
	int r;

	if (c.buf == NULL) {
		mkfs_warnx("%s", strerror(ENOMEM));
		return -1;
	}
	mkfs_progress_init(&c.prog, t);
	r = mkfs_tree_walk(t->root, mkfs_fill_one, &c);
	mkfs_progress(&c.prog, true);
	if (r == 0)
		r = mkfs_tree_walk(t->root, mkfs_fill_attrs, &c);
	if (r == 0)
		r = mkfs_fill_attrs(&c, NULL, t->root);
	free(c.buf);
	return r;
}
