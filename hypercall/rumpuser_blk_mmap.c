/*
 * The windowed mmap block backend.  The file is reached through at most
 * MW_NWIN shared mappings of MW_SIZE bytes each, recycled least recently
 * used, so even a multi-terabyte sparse image costs a bounded amount of
 * address space and resident memory.
 *
 * Touching a mapped page past end of file raises SIGBUS, so the size is
 * tracked and every access clamped to it; writes past the end first
 * grow the file (fallocate, so a full disk is ENOSPC and not SIGBUS on a
 * later store into a hole).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rumpuser_int.h"

#define MW_SHIFT	22			/* 4 MiB windows */
#define MW_SIZE		((int64_t)1 << MW_SHIFT)
#define MW_NWIN		16		/* at most 64 MiB mapped */

struct mwin {
	char		*w_addr;	/* NULL: slot empty */
	int64_t		w_off;		/* file offset of window */
	int		w_busy;		/* copies in progress */
	uint64_t	w_used;		/* LRU stamp */
};

struct mmstate {
	pthread_mutex_t	ms_lock;
	pthread_cond_t	ms_cv;		/* a window became idle */
	struct mwin	ms_win[MW_NWIN];
	uint64_t	ms_clock;
	uint64_t	ms_size;	/* current file size */
	int		ms_prot;
	int		ms_isblk;	/* block device: can't grow */
	int		ms_nofalloc;	/* host fs has no fallocate */
};

int
rumpuser__blk_mmap_init(struct rumpuser_fdinfo *fi)
{
	struct mmstate *ms;
	struct stat st;
	int error;

	ms = calloc(1, sizeof(*ms));
	if (ms == NULL)
		return ENOMEM;
	if (fstat(fi->fi_fd, &st) == -1) {
		free(ms);
		return rumpuser__errtrans(errno);
	}
	if ((error = rumpuser__fdsize(fi->fi_fd, &ms->ms_size)) != 0) {
		free(ms);
		return error;
	}
	ms->ms_isblk = S_ISBLK(st.st_mode);
	ms->ms_prot = PROT_READ;
	if ((fi->fi_mode & RUMPUSER_OPEN_ACCMODE) != RUMPUSER_OPEN_RDONLY)
		ms->ms_prot |= PROT_WRITE;
	pthread_mutex_init(&ms->ms_lock, NULL);
	pthread_cond_init(&ms->ms_cv, NULL);
	fi->fi_priv = ms;
	fi->fi_ops = &rumpuser__blk_mmap;
	return 0;
}

static void
mmap_fini(struct rumpuser_fdinfo *fi)
{
	struct mmstate *ms = fi->fi_priv;
	int i;

	for (i = 0; i < MW_NWIN; i++)
		if (ms->ms_win[i].w_addr != NULL)
			munmap(ms->ms_win[i].w_addr, (size_t)MW_SIZE);
	pthread_cond_destroy(&ms->ms_cv);
	pthread_mutex_destroy(&ms->ms_lock);
	free(ms);
	fi->fi_priv = NULL;
}

/*
 * Get the window at base mapped and marked busy; called with ms_lock.
 * Waits if every window is in use.
 */
static int
mwin_get(struct rumpuser_fdinfo *fi, struct mmstate *ms, int64_t base,
    struct mwin **wp)
{
	struct mwin *w, *victim, *hit;
	void *p;
	int i;

	for (;;) {
		victim = hit = NULL;
		for (i = 0; i < MW_NWIN && hit == NULL; i++) {
			w = &ms->ms_win[i];
			if (w->w_addr != NULL && w->w_off == base)
				hit = w;
			else if (w->w_busy == 0 && (victim == NULL ||
			    w->w_addr == NULL ||
			    (victim->w_addr != NULL &&
			    w->w_used < victim->w_used)))
				victim = w;
		}
		if (hit != NULL || victim != NULL)
			break;
		pthread_cond_wait(&ms->ms_cv, &ms->ms_lock);
	}
	if (hit == NULL) {
		if (victim->w_addr != NULL) {
			munmap(victim->w_addr, (size_t)MW_SIZE);
			victim->w_addr = NULL;
		}
		p = mmap(NULL, (size_t)MW_SIZE, ms->ms_prot, MAP_SHARED,
		    fi->fi_fd, (off_t)base);
		if (p == MAP_FAILED)
			return rumpuser__errtrans(errno);
		hit = victim;
		hit->w_addr = p;
		hit->w_off = base;
	}
	hit->w_busy++;
	hit->w_used = ++ms->ms_clock;
	*wp = hit;
	return 0;
}

static void
mwin_put(struct mmstate *ms, struct mwin *w)
{

	pthread_mutex_lock(&ms->ms_lock);
	if (--w->w_busy == 0)
		pthread_cond_signal(&ms->ms_cv);
	pthread_mutex_unlock(&ms->ms_lock);
}

/* Make sure [off, end) is backed on disk; called with ms_lock. */
static int
mmap_grow(struct rumpuser_fdinfo *fi, struct mmstate *ms, int64_t off,
    int64_t end)
{

	if (!ms->ms_nofalloc && !ms->ms_isblk) {
		if (fallocate(fi->fi_fd, 0, (off_t)off, (off_t)(end - off))
		    == 0) {
			if ((uint64_t)end > ms->ms_size)
				ms->ms_size = (uint64_t)end;
			return 0;
		}
		if (errno != EOPNOTSUPP && errno != ENOSYS)
			return rumpuser__errtrans(errno);
		ms->ms_nofalloc = 1;
	}
	if ((uint64_t)end <= ms->ms_size)
		return 0;
	if (ms->ms_isblk)
		return ENOSPC;
	if (ftruncate(fi->fi_fd, (off_t)end) == -1)
		return rumpuser__errtrans(errno);
	ms->ms_size = (uint64_t)end;
	return 0;
}

static int
mmap_rw(struct rumpuser_fdinfo *fi, int op, void *buf, size_t len,
    int64_t off, size_t *donep)
{
	struct mmstate *ms = fi->fi_priv;
	int write = (op & RUMPUSER_BIO_WRITE) != 0;
	int64_t end = off + (int64_t)len, pos, base, n;
	struct mwin *w = NULL;
	char *p = buf;
	int error = 0;

	*donep = 0;
	if (write && !(ms->ms_prot & PROT_WRITE))
		return EBADF;
	pthread_mutex_lock(&ms->ms_lock);
	if (write && len > 0)
		error = mmap_grow(fi, ms, off, end);
	else if ((uint64_t)end > ms->ms_size)
		end = off < (int64_t)ms->ms_size ? (int64_t)ms->ms_size : off;
	for (pos = off; error == 0 && pos < end; pos += n) {
		base = pos & ~(MW_SIZE - 1);
		n = base + MW_SIZE - pos;
		if (n > end - pos)
			n = end - pos;
		if ((error = mwin_get(fi, ms, base, &w)) != 0)
			break;
		pthread_mutex_unlock(&ms->ms_lock);
		if (write)
			memcpy(w->w_addr + (pos - base), p + (pos - off),
			    (size_t)n);
		else
			memcpy(p + (pos - off), w->w_addr + (pos - base),
			    (size_t)n);
		mwin_put(ms, w);
		pthread_mutex_lock(&ms->ms_lock);
		*donep += (size_t)n;
	}
	pthread_mutex_unlock(&ms->ms_lock);
	return error;
}

static void
mmap_resize(struct rumpuser_fdinfo *fi, uint64_t size)
{
	struct mmstate *ms = fi->fi_priv;

	pthread_mutex_lock(&ms->ms_lock);
	ms->ms_size = size;
	pthread_mutex_unlock(&ms->ms_lock);
}

const struct rumpuser_blkops rumpuser__blk_mmap = {
	.bo_name = "mmap",
	.bo_rw = mmap_rw,
	.bo_resize = mmap_resize,
	.bo_fini = mmap_fini,
};
