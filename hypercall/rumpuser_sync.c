/*
 * Kernel mutexes on host mutexes.  A KMUTEX records the lwp that holds
 * it (mutex_owned() in the kernel relies on that); every mutex records
 * its owner since that costs one store.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "rumpuser_int.h"

void
rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags)
{
	struct rumpuser_mtx *mtx;

	mtx = malloc(sizeof(*mtx));
	if (mtx == NULL) {
		fprintf(stderr, "rumpuser: out of memory for a mutex\n");
		abort();
	}
	pthread_mutex_init(&mtx->m_mtx, NULL);
	mtx->m_owner = NULL;
	mtx->m_flags = flags;
	*mtxp = mtx;
}

void
rumpuser__mtx_lock(struct rumpuser_mtx *mtx)
{

	pthread_mutex_lock(&mtx->m_mtx);
	mtx->m_owner = rumpuser_curlwp();
}

void
rumpuser__mtx_unlock(struct rumpuser_mtx *mtx)
{

	mtx->m_owner = NULL;
	pthread_mutex_unlock(&mtx->m_mtx);
}

/*
 * Only a contended enter releases the rump CPU.  Spin mutexes never do:
 * their holders don't block, so waiting for one with the CPU is cheap.
 */
void
rumpuser_mutex_enter(struct rumpuser_mtx *mtx)
{

	if ((mtx->m_flags & RUMPUSER_MTX_SPIN) != 0) {
		rumpuser_mutex_enter_nowrap(mtx);
		return;
	}
	if (pthread_mutex_trylock(&mtx->m_mtx) != 0) {
		rumpuser__unschedule();
		pthread_mutex_lock(&mtx->m_mtx);
		rumpuser__schedule();
	}
	mtx->m_owner = rumpuser_curlwp();
}

void
rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx)
{

	rumpuser__mtx_lock(mtx);
}

int
rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx)
{
	int error;

	error = pthread_mutex_trylock(&mtx->m_mtx);
	if (error != 0)
		return EBUSY;
	mtx->m_owner = rumpuser_curlwp();
	return 0;
}

void
rumpuser_mutex_exit(struct rumpuser_mtx *mtx)
{

	rumpuser__mtx_unlock(mtx);
}

void
rumpuser_mutex_destroy(struct rumpuser_mtx *mtx)
{

	pthread_mutex_destroy(&mtx->m_mtx);
	free(mtx);
}

void
rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **lp)
{

	*lp = mtx->m_owner;
}
