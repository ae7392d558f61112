/*
 * The n-th cluster of a chain.  A FAT chain is a linked list, so each
 * denode keeps what it has walked of its chain as runs of consecutive
 * clusters: a prefix of the chain, most often one run, searched by
 * bisection and grown by walking on from its end.  Appending clusters
 * keeps the prefix valid (only the "end seen" mark goes); cutting the
 * chain throws it away.  No chain is longer than the volume has
 * clusters, which bounds every walk.  de_cllock covers the runs:
 * readers holding the vnode shared map blocks too.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "msdosfs.h"

void
msdosfs_clcache_free(struct denode *dep)
{
	if (dep->de_runs != NULL)
		kmem_free(dep->de_runs,
		    dep->de_maxruns * sizeof(*dep->de_runs));
	dep->de_runs = NULL;
	dep->de_nruns = dep->de_maxruns = 0;
	dep->de_known = 0;
	dep->de_chainend = false;
}

/* The chain was cut: what was walked may no longer be there. */
void
msdosfs_clcache_reset(struct denode *dep)
{
	mutex_enter(&dep->de_cllock);
	msdosfs_clcache_free(dep);
	mutex_exit(&dep->de_cllock);
}

/* Clusters were added at the end: the walk may go on. */
void
msdosfs_clcache_grown(struct denode *dep)
{
	mutex_enter(&dep->de_cllock);
	dep->de_chainend = false;
	mutex_exit(&dep->de_cllock);
}

/* One more cluster cn after the known prefix. */
static int
runs_add(struct denode *dep, uint32_t cn)
{
	struct msdosfs_run *r, *n;
	uint32_t max;

	r = dep->de_nruns > 0 ? &dep->de_runs[dep->de_nruns - 1] : NULL;
	if (r != NULL && r->r_cn + r->r_len == cn) {
		r->r_len++;
		dep->de_known++;
		return 0;
	}
	if (dep->de_nruns == dep->de_maxruns) {
		max = dep->de_maxruns ? dep->de_maxruns * 2 : 4;
		if ((n = kmem_alloc(max * sizeof(*n), KM_SLEEP)) == NULL)
			return ENOMEM;
		if (dep->de_nruns > 0)
			memcpy(n, dep->de_runs, dep->de_nruns * sizeof(*n));
		if (dep->de_runs != NULL)
			kmem_free(dep->de_runs, dep->de_maxruns * sizeof(*n));
		dep->de_runs = n;
		dep->de_maxruns = max;
	}
	r = &dep->de_runs[dep->de_nruns++];
	r->r_lcn = dep->de_known++;
	r->r_cn = cn;
	r->r_len = 1;
	return 0;
}

/* Walk on until lcn is known: 0, ENOENT past the end, or an error. */
static int
runs_walk(struct denode *dep, uint32_t lcn)
{
	const struct msdosfs_run *r;
	uint32_t next;
	int error;

	if (dep->de_known == 0 &&
	    (error = runs_add(dep, dep->de_startcl)) != 0)
		return error;
	while (lcn >= dep->de_known) {
		if (dep->de_chainend)
			return ENOENT;
		r = &dep->de_runs[dep->de_nruns - 1];
		error = msdosfs_chain_next(dep->de_pmp, r->r_cn + r->r_len - 1,
		    &next);
		if (error == ENOENT)
			dep->de_chainend = true;
		else if (error != 0 || (error = runs_add(dep, next)) != 0)
			return error;
	}
	return 0;
}

/* The run holding lcn (known). */
static const struct msdosfs_run *
runs_find(const struct denode *dep, uint32_t lcn)
{
	uint32_t lo = 0, hi = dep->de_nruns - 1, mid;

	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (dep->de_runs[mid].r_lcn <= lcn)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &dep->de_runs[lo];
}

/*
 * Cluster lcn of dep's chain: 0, ENOENT past its end, or EIO.  *runp,
 * if not NULL: how many clusters after it follow on the disk, as far as
 * the chain is known.
 */
int
msdosfs_clmap_run(struct denode *dep, uint32_t lcn, uint32_t *cnp,
    uint32_t *runp)
{
	const struct msdosfs_run *r;
	int error;

	if (dep->de_startcl == 0 || lcn >= dep->de_pmp->pm_g.g_nclusters)
		return ENOENT;
	mutex_enter(&dep->de_cllock);
	if ((error = runs_walk(dep, lcn)) == 0) {
		r = runs_find(dep, lcn);
		*cnp = r->r_cn + (lcn - r->r_lcn);
		if (runp != NULL)
			*runp = r->r_len - (lcn - r->r_lcn) - 1;
	}
	mutex_exit(&dep->de_cllock);
	return error;
}

int
msdosfs_clmap(struct denode *dep, uint32_t lcn, uint32_t *cnp)
{
	return msdosfs_clmap_run(dep, lcn, cnp, NULL);
}
