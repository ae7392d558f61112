/*
 * The O_DIRECT block backend.  Aligned requests go straight to the
 * device; anything else goes through an aligned bounce buffer, with a
 * read-modify-write of the partial edge blocks for writes.  If the host
 * fs takes O_DIRECT at open but refuses the I/O, the descriptor drops
 * O_DIRECT and carries on buffered.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rumpuser_int.h"

#define DIRECT_MEMALIGN	4096

struct direct {
	pthread_mutex_t	d_rmw;		/* one read-modify-write */
	size_t		d_align;	/* offset/length alignment */
	atomic_int	d_on;		/* 0: fell back to buffered */
};

int
rumpuser__blk_direct_init(struct rumpuser_fdinfo *fi)
{
	struct direct *d;
	struct stat st;
	int ssz;

	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return ENOMEM;
	pthread_mutex_init(&d->d_rmw, NULL);
	d->d_align = DIRECT_MEMALIGN;
	if (fstat(fi->fi_fd, &st) == 0 && S_ISBLK(st.st_mode) &&
	    ioctl(fi->fi_fd, BLKSSZGET, &ssz) == 0 && ssz >= 512 &&
	    (ssz & (ssz - 1)) == 0)
		d->d_align = (size_t)ssz;
	atomic_init(&d->d_on, 1);
	fi->fi_priv = d;
	fi->fi_ops = &rumpuser__blk_direct;
	return 0;
}

static void
direct_fini(struct rumpuser_fdinfo *fi)
{
	struct direct *d = fi->fi_priv;

	pthread_mutex_destroy(&d->d_rmw);
	free(d);
	fi->fi_priv = NULL;
}

/* Stop using O_DIRECT on this descriptor. */
static void
direct_off(struct rumpuser_fdinfo *fi)
{
	struct direct *d = fi->fi_priv;
	int fl;

	fl = fcntl(fi->fi_fd, F_GETFL);
	if (fl != -1)
		(void)fcntl(fi->fi_fd, F_SETFL, fl & ~O_DIRECT);
	atomic_store(&d->d_on, 0);
}

/* One pread/pwrite, retried on EINTR.  Returns bytes or -errno. */
static ssize_t
direct_io(int fd, int op, void *buf, size_t len, int64_t off)
{
	ssize_t n;

	do {
		if (op & RUMPUSER_BIO_WRITE)
			n = pwrite(fd, buf, len, (off_t)off);
		else
			n = pread(fd, buf, len, (off_t)off);
	} while (n == -1 && errno == EINTR);
	return n == -1 ? -errno : n;
}

/* Read [a0, a0 + len) zero-filling past EOF. */
static int
bounce_fill(int fd, char *b, size_t len, int64_t a0)
{
	ssize_t n;

	n = direct_io(fd, RUMPUSER_BIO_READ, b, len, a0);
	if (n < 0)
		return rumpuser__errtrans((int)-n);
	memset(b + n, 0, len - (size_t)n);
	return 0;
}

static int
bounce_write(struct rumpuser_fdinfo *fi, struct direct *d, char *b,
    const void *buf, size_t len, int64_t off, int64_t a0, int64_t a1)
{
	size_t al = d->d_align, blen = (size_t)(a1 - a0);
	uint64_t size;
	int64_t want;
	ssize_t n;
	size_t done = 0;
	int error;

	if ((error = rumpuser__fdsize(fi->fi_fd, &size)) != 0)
		return error;
	if (off > a0 && (error = bounce_fill(fi->fi_fd, b, al, a0)) != 0)
		return error;
	if (off + (int64_t)len < a1 && (a1 - (int64_t)al > a0 || off == a0) &&
	    (error = bounce_fill(fi->fi_fd, b + blen - al, al,
	    a1 - (int64_t)al)) != 0)
		return error;
	memcpy(b + (off - a0), buf, len);
	while (done < blen) {
		n = direct_io(fi->fi_fd, RUMPUSER_BIO_WRITE, b + done,
		    blen - done, a0 + (int64_t)done);
		if (n < 0)
			return rumpuser__errtrans((int)-n);
		if (n == 0)
			return ENOSPC;
		done += (size_t)n;
	}
	/* The aligned write may have grown the file past what we meant. */
	want = off + (int64_t)len;
	if ((uint64_t)want < size)
		want = (int64_t)size;
	if (a1 > want && ftruncate(fi->fi_fd, (off_t)want) == -1)
		return rumpuser__errtrans(errno);
	return 0;
}

static int
direct_bounce(struct rumpuser_fdinfo *fi, int op, void *buf, size_t len,
    int64_t off, size_t *donep)
{
	struct direct *d = fi->fi_priv;
	int64_t al = (int64_t)d->d_align, a0, a1, skip;
	ssize_t n;
	void *b;
	int error = 0;

	a0 = off / al * al;
	a1 = (off + (int64_t)len + al - 1) / al * al;
	if (posix_memalign(&b, DIRECT_MEMALIGN, (size_t)(a1 - a0)) != 0)
		return ENOMEM;
	if (op & RUMPUSER_BIO_WRITE) {
		pthread_mutex_lock(&d->d_rmw);
		error = bounce_write(fi, d, b, buf, len, off, a0, a1);
		pthread_mutex_unlock(&d->d_rmw);
		if (error == 0)
			*donep = len;
	} else {
		n = direct_io(fi->fi_fd, op, b, (size_t)(a1 - a0), a0);
		skip = off - a0;
		if (n < 0) {
			error = rumpuser__errtrans((int)-n);
		} else if (n > skip) {
			*donep = (size_t)(n - skip) < len ?
			    (size_t)(n - skip) : len;
			memcpy(buf, (char *)b + skip, *donep);
		}
	}
	free(b);
	return error;
}

static int
direct_rw(struct rumpuser_fdinfo *fi, int op, void *buf, size_t len,
    int64_t off, size_t *donep)
{
	struct direct *d = fi->fi_priv;
	size_t done = 0, more;
	ssize_t n;
	int error;

	*donep = 0;
	if (!atomic_load(&d->d_on))
		return rumpuser__blk_buffered.bo_rw(fi, op, buf, len, off,
		    donep);
	while (done < len) {
		if (((uintptr_t)buf + done) % DIRECT_MEMALIGN != 0 ||
		    (uint64_t)(off + (int64_t)done) % d->d_align != 0 ||
		    (len - done) % d->d_align != 0) {
			more = 0;
			error = direct_bounce(fi, op, (char *)buf + done,
			    len - done, off + (int64_t)done, &more);
			*donep = done + more;
			return error;
		}
		n = direct_io(fi->fi_fd, op, (char *)buf + done, len - done,
		    off + (int64_t)done);
		if (n == -EINVAL && done == 0) {
			/* Accepted at open, refused now: go buffered. */
			direct_off(fi);
			return rumpuser__blk_buffered.bo_rw(fi, op, buf, len,
			    off, donep);
		}
		if (n < 0) {
			*donep = done;
			return rumpuser__errtrans((int)-n);
		}
		if (n == 0 && (op & RUMPUSER_BIO_WRITE)) {
			*donep = done;
			return ENOSPC;
		}
		done += (size_t)n;
		if (n == 0 || !(op & RUMPUSER_BIO_WRITE))
			break;	/* a short direct read is end of file */
	}
	*donep = done;
	return 0;
}

/* Whether reads and writes on fi currently bypass the page cache. */
int
rumpuser__blk_direct_active(struct rumpuser_fdinfo *fi)
{
	struct direct *d = fi->fi_priv;

	return fi->fi_ops == &rumpuser__blk_direct && atomic_load(&d->d_on);
}

const struct rumpuser_blkops rumpuser__blk_direct = {
	.bo_name = "direct",
	.bo_rw = direct_rw,
	.bo_fini = direct_fini,
};
