/*
 * Filling the mounted image from the tree through ukfs, a directory at a
 * time: the process's working directory is the one being filled, so that
 * every call looks up one name, not the whole path from the root.  An
 * entry gets its owner, mode and times as soon as it is made, a directory
 * once everything in it is made (a create in it would touch its times).
 * Under -T every time is -T's.
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
	/*
	 * What a new entry gets before any chown or chmod (the owner from
	 * the credential and its directory, which is not chowned yet: the
	 * same for every entry made), learned from the first regular file:
	 * a chown or chmod to these is skipped.
	 */
	bool learned;
	uint32_t newuid, newgid, newmode;
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

/* [off, end) of the host file to image fd */
static int
mkfs_copy_range(struct mkfs_fillctx *c, int hfd, int ifd, off_t off,
    off_t end, off_t *donep)
{
	ssize_t got;
	long w;

	while (off < end) {
		size_t want = end - off > MKFS_CHUNK ? MKFS_CHUNK :
		    (size_t)(end - off);

		if ((got = pread(hfd, c->buf, want, off)) <= 0)
			return got == 0 ? 0 : -1;	/* 0: shrank under us */
		w = ukfs_write_fd(c->fs, ifd, off, c->buf, (size_t)got, 0);
		if (w != got) {
			if (w >= 0)	/* short: the image is full */
				errno = ENOSPC;
			return -1;
		}
		off += got;
		*donep = off;
		c->prog.bytes += (uint64_t)got;
		mkfs_progress(&c->prog, false);
	}
	return 0;
}

/*
 * The host file's data regions (holes stay holes) to image fd; *donep:
 * where the data written ends.  A file with as many blocks as bytes has
 * no holes: it is copied without asking where they are.
 */
static int
mkfs_copy_data(struct mkfs_fillctx *c, const struct mkfs_node *n, int hfd,
    int ifd, off_t *donep)
{
	off_t size = n->st.st_size, off = 0, end;

	if ((off_t)n->st.st_blocks * 512 >= size)
		return mkfs_copy_range(c, hfd, ifd, 0, size, donep);
	while (off < size) {
		if ((off = lseek(hfd, off, SEEK_DATA)) < 0)
			return errno == ENXIO ? 0 : -1;
		if ((end = lseek(hfd, off, SEEK_HOLE)) < 0)
			return -1;
		if (mkfs_copy_range(c, hfd, ifd, off, end, donep) != 0)
			return -1;
		off = end;
	}
	return 0;
}

/* the owner and mode a new entry gets, from the first file made */
static void
mkfs_fill_learn(struct mkfs_fillctx *c, const char *name)
{
	struct rump_stat sb;

	if (c->learned || ukfs_lstat(c->fs, name, &sb) != 0)
		return;
	c->newuid = sb.st_uid;
	c->newgid = sb.st_gid;
	c->newmode = sb.st_mode & 07777;
	c->learned = true;
}

static int
mkfs_fill_file(struct mkfs_fillctx *c, const struct mkfs_node *n)
{
	int hfd, ifd, error = 0;
	off_t done = 0;

	if ((hfd = open(n->host, O_RDONLY | O_NOFOLLOW)) == -1) {
		mkfs_warnx("%s: %s", n->host, strerror(errno));
		return -1;
	}
	if ((ifd = ukfs_open(c->fs, n->name, O_WRONLY | O_CREAT | O_EXCL))
	    == -1) {
		error = errno;
		close(hfd);
		return mkfs_fill_fail(n, "create", error);
	}
	/* a trailing hole: the size is set apart */
	if (mkfs_copy_data(c, n, hfd, ifd, &done) != 0 ||
	    (done != n->st.st_size &&
	    ukfs_ftruncate(c->fs, ifd, n->st.st_size) != 0))
		error = errno;
	if (ukfs_close(c->fs, ifd) != 0 && error == 0)
		error = errno;
	close(hfd);
	if (error != 0)
		return mkfs_fill_fail(n, "write", error);
	mkfs_fill_learn(c, n->name);
	return 0;
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
	if (ukfs_symlink(c->fs, c->buf, n->name) != 0)
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
		r = ukfs_mkfifo(c->fs, n->name, m & 07777);
	else
		r = ukfs_mknod(c->fs, n->name, m & (S_IFMT | 07777), dev);
	return r != 0 ? mkfs_fill_fail(n, "mknod", errno) : 0;
}

/*
 * Owner, mode and times of n, named name from the working directory (a
 * symlink's own).  made: n is new, with what c learned, so a chown or
 * chmod to that is not needed.
 */
static int
mkfs_fill_attrs(struct mkfs_fillctx *c, const struct mkfs_node *n,
    const char *name, bool made)
{
	const struct stat *st = &n->st;
	struct rump_timespec ts[2] = {
		{ st->st_atim.tv_sec, st->st_atim.tv_nsec },
		{ st->st_mtim.tv_sec, st->st_mtim.tv_nsec },
	};
	bool lnk = S_ISLNK(st->st_mode), known = made && c->learned;

	if (c->o->timeset)
		ts[0] = ts[1] = (struct rump_timespec){ c->o->timestamp, 0 };
	if (c->o->type->owners && (!known || st->st_uid != c->newuid ||
	    st->st_gid != c->newgid) && (lnk ? ukfs_lchown :
	    ukfs_chown)(c->fs, name, st->st_uid, st->st_gid) != 0)
		return mkfs_fill_fail(n, "chown", errno);
	/* a regular file is made with newmode; the rest with their own,
	 * less the umask */
	if (!lnk && (!known || !S_ISREG(st->st_mode) ||
	    (st->st_mode & 07777) != c->newmode) &&
	    ukfs_chmod(c->fs, name, st->st_mode & 07777) != 0)
		return mkfs_fill_fail(n, "chmod", errno);
	if ((lnk ? ukfs_lutimes : ukfs_utimes)(c->fs, name, ts) != 0)
		return mkfs_fill_fail(n, "set the times of", errno);
	return 0;
}

/* directory n in the working directory; *madep: it is new */
static int
mkfs_fill_mkdir(struct mkfs_fillctx *c, const struct mkfs_node *n,
    bool *madep)
{
	struct rump_stat sb;

	*madep = ukfs_mkdir(c->fs, n->name, n->st.st_mode & 07777) == 0;
	/* one the empty file system has (lost+found) is merged */
	if (!*madep && (errno != EEXIST || ukfs_lstat(c->fs, n->name,
	    &sb) != 0 || (sb.st_mode & S_IFMT) != S_IFDIR))
		return mkfs_fill_fail(n, "mkdir", errno);
	return 0;
}

static int mkfs_fill_dir(struct mkfs_fillctx *, const struct mkfs_node *);

/* a directory entry: made, filled from inside, then its attributes */
static int
mkfs_fill_subdir(struct mkfs_fillctx *c, const struct mkfs_node *n)
{
	bool made;

	if (mkfs_fill_mkdir(c, n, &made) != 0)
		return -1;
	if (ukfs_chdir(c->fs, n->name) != 0)
		return mkfs_fill_fail(n, "enter", errno);
	if (mkfs_fill_dir(c, n) != 0)
		return -1;
	if (ukfs_chdir(c->fs, "..") != 0)
		return mkfs_fill_fail(n, "leave", errno);
	return mkfs_fill_attrs(c, n, n->name, made);
}

static int
mkfs_fill_one(struct mkfs_fillctx *c, const struct mkfs_node *n)
{
	mode_t m = n->st.st_mode;
	int r;

	c->prog.files++;
	mkfs_progress(&c->prog, false);
	if (n->first != NULL && c->o->type->links) {
		/* the first name has the attributes */
		if (ukfs_link(c->fs, n->first->path, n->name) != 0)
			return mkfs_fill_fail(n, "link", errno);
		return 0;
	}
	if (S_ISDIR(m))
		return mkfs_fill_subdir(c, n);
	if (S_ISREG(m))
		r = mkfs_fill_file(c, n);
	else if (S_ISLNK(m))
		r = mkfs_fill_symlink(c, n);
	else
		r = mkfs_fill_node(c, n);
	return r != 0 ? r : mkfs_fill_attrs(c, n, n->name, true);
}

/* the entries of directory d, the working directory */
static int
mkfs_fill_dir(struct mkfs_fillctx *c, const struct mkfs_node *d)
{
	for (size_t i = 0; i < d->nkids; i++)
		if (mkfs_fill_one(c, d->kids[i]) != 0)
			return -1;
	return 0;
}

int
mkfs_fill(struct ukfs *fs, const struct mkfs_tree *t,
    const struct mkfs_opts *o)
{
	struct mkfs_fillctx c = { fs, o, malloc(MKFS_CHUNK), { 0 }, false,
	    0, 0, 0 };
	int r;

	if (c.buf == NULL) {
		mkfs_warnx("%s", strerror(ENOMEM));
		return -1;
	}
	mkfs_progress_init(&c.prog, t);
	r = mkfs_fill_dir(&c, t->root);
	mkfs_progress(&c.prog, true);
	/* back at the root (a failure may leave it deeper) */
	if (ukfs_chdir(fs, "/") != 0 && r == 0)
		r = mkfs_fill_fail(t->root, "enter", errno);
	if (r == 0)
		r = mkfs_fill_attrs(&c, t->root, "/", false);
	free(c.buf);
	return r;
}
