/*
 * The table of per-descriptor state, indexed by host fd.  Only files
 * opened through rumpuser_open() with a backend or as a directory have
 * an entry; everything else is plain buffered I/O.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "rumpuser_int.h"

static pthread_mutex_t fdtab_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rumpuser_fdinfo **fdtab;
static size_t fdtab_size;

int
rumpuser__fd_insert(struct rumpuser_fdinfo *fi)
{
	struct rumpuser_fdinfo **nt;
	size_t nsize, i;
	int fd = fi->fi_fd;

	if (fd < 0)
		return EBADF;
	pthread_mutex_lock(&fdtab_lock);
	if ((size_t)fd >= fdtab_size) {
		nsize = fdtab_size == 0 ? 64 : fdtab_size;
		while (nsize <= (size_t)fd)
			nsize *= 2;
		nt = realloc(fdtab, nsize * sizeof(*nt));
		if (nt == NULL) {
			pthread_mutex_unlock(&fdtab_lock);
			return ENOMEM;
		}
		for (i = fdtab_size; i < nsize; i++)
			nt[i] = NULL;
		fdtab = nt;
		fdtab_size = nsize;
	}
	fdtab[fd] = fi;
	pthread_mutex_unlock(&fdtab_lock);
	return 0;
}

struct rumpuser_fdinfo *
rumpuser__fd_lookup(int fd)
{
	struct rumpuser_fdinfo *fi = NULL;

	pthread_mutex_lock(&fdtab_lock);
	if (fd >= 0 && (size_t)fd < fdtab_size)
		fi = fdtab[fd];
	pthread_mutex_unlock(&fdtab_lock);
	return fi;
}

struct rumpuser_fdinfo *
rumpuser__fd_remove(int fd)
{
	struct rumpuser_fdinfo *fi = NULL;

	pthread_mutex_lock(&fdtab_lock);
	if (fd >= 0 && (size_t)fd < fdtab_size) {
		fi = fdtab[fd];
		fdtab[fd] = NULL;
	}
	pthread_mutex_unlock(&fdtab_lock);
	return fi;
}
