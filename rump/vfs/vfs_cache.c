/*
 * The name cache: (directory vnode, name) -> vnode, or "no such name"
 * (negative entries).  File systems consult it from VOP_LOOKUP and fill
 * it after a directory search.  Entries hold no vnode references; every
 * vnode purges its entries before it is reclaimed.  Bounded: the least
 * recently used entries go first.
 *
 * Lock order: nc_lock, then vcache_lock (to reference a cached vnode).
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/namei.h>

#include "vfs_impl.h"

#define NCHNAMLEN	63		/* longer names are not cached */
#define NC_HASHSIZE	2048
#define NC_DEFMAX	16384

struct namecache {
	LIST_ENTRY(namecache) nc_hash;
	LIST_ENTRY(namecache) nc_dvlist;	/* on dvp->v_dnclist */
	LIST_ENTRY(namecache) nc_vlist;		/* on vp->v_nclist */
	TAILQ_ENTRY(namecache) nc_lru;
	struct vnode *nc_dvp;
	struct vnode *nc_vp;			/* NULL: negative */
	uint8_t nc_nlen;
	char nc_name[NCHNAMLEN];
};

LIST_HEAD(nchashhead, namecache);
static struct nchashhead nchashtbl[NC_HASHSIZE];
static TAILQ_HEAD(, namecache) nclru = TAILQ_HEAD_INITIALIZER(nclru);
static kmutex_t nc_lock;
static unsigned int numcache;
static unsigned int maxcache = NC_DEFMAX;

void
nchinit(void)
{
	size_t i;

	mutex_init(&nc_lock, MUTEX_DEFAULT, IPL_NONE);
	for (i = 0; i < NC_HASHSIZE; i++)
		LIST_INIT(&nchashtbl[i]);
}

static struct nchashhead *
nchash(const struct vnode *dvp, const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	h ^= (uint32_t)((uintptr_t)dvp >> 5);
	h *= 16777619u;
	return &nchashtbl[h & (NC_HASHSIZE - 1)];
}

static struct namecache *
cache_find(struct vnode *dvp, const char *name, size_t len)
{
	struct namecache *ncp;

	LIST_FOREACH(ncp, nchash(dvp, name, len), nc_hash) {
		if (ncp->nc_dvp == dvp && ncp->nc_nlen == len &&
		    memcmp(ncp->nc_name, name, len) == 0)
			return ncp;
	}
	return NULL;
}

/* unlink and free an entry: nc_lock held */
static void
cache_remove(struct namecache *ncp)
{

	LIST_REMOVE(ncp, nc_hash);
	LIST_REMOVE(ncp, nc_dvlist);
	if (ncp->nc_vp != NULL)
		LIST_REMOVE(ncp, nc_vlist);
	TAILQ_REMOVE(&nclru, ncp, nc_lru);
	numcache--;
	kmem_free(ncp, sizeof(*ncp));
}

bool
cache_lookup(struct vnode *dvp, const char *name, size_t namelen,
    uint32_t nameiop, uint32_t cnflags, int *iswhiteout, struct vnode **vpp)
{
	struct namecache *ncp;
	struct vnode *vp;
	bool last = (cnflags & ISLASTCN) != 0;
	int error;

	*vpp = NULL;
	if (iswhiteout != NULL)
		*iswhiteout = 0;
	if (namelen > NCHNAMLEN)
		return false;
	mutex_enter(&nc_lock);
	if ((ncp = cache_find(dvp, name, namelen)) == NULL) {
		mutex_exit(&nc_lock);
		return false;
	}
	/* the caller will change the name: the entry goes */
	if ((cnflags & MAKEENTRY) == 0 ||
	    (last && ncp->nc_vp == NULL &&
	    (nameiop == CREATE || nameiop == RENAME))) {
		cache_remove(ncp);
		mutex_exit(&nc_lock);
		return false;
	}
	/* removing or renaming needs the file system's own search */
	if (last && (nameiop == DELETE || nameiop == RENAME)) {
		mutex_exit(&nc_lock);
		return false;
	}
	TAILQ_REMOVE(&nclru, ncp, nc_lru);
	TAILQ_INSERT_TAIL(&nclru, ncp, nc_lru);
	if ((vp = ncp->nc_vp) == NULL) {
		mutex_exit(&nc_lock);
		return true;
	}
	mutex_enter(&vcache_lock);
	error = vcache_tryvget(vp);
	mutex_exit(&vcache_lock);
	mutex_exit(&nc_lock);
	if (error != 0)
		return false;
	*vpp = vp;
	return true;
}

void
cache_enter(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t namelen, uint32_t cnflags)
{
	struct namecache *ncp, *old;

	if ((cnflags & MAKEENTRY) == 0 || namelen > NCHNAMLEN)
		return;
	/* allocate before taking the lock: the kmem hook may reclaim */
	if ((ncp = kmem_alloc(sizeof(*ncp), KM_NOSLEEP)) == NULL)
		return;
	ncp->nc_dvp = dvp;
	ncp->nc_vp = vp;
	ncp->nc_nlen = (uint8_t)namelen;
	memcpy(ncp->nc_name, name, namelen);
	mutex_enter(&nc_lock);
	if ((old = cache_find(dvp, name, namelen)) != NULL)
		cache_remove(old);
	LIST_INSERT_HEAD(nchash(dvp, name, namelen), ncp, nc_hash);
	LIST_INSERT_HEAD(&dvp->v_dnclist, ncp, nc_dvlist);
	if (vp != NULL)
		LIST_INSERT_HEAD(&vp->v_nclist, ncp, nc_vlist);
	TAILQ_INSERT_TAIL(&nclru, ncp, nc_lru);
	numcache++;
	while (numcache > maxcache)
		cache_remove(TAILQ_FIRST(&nclru));
	mutex_exit(&nc_lock);
}

void
cache_purge(struct vnode *vp)
{
	struct namecache *ncp;

	mutex_enter(&nc_lock);
	while ((ncp = LIST_FIRST(&vp->v_nclist)) != NULL)
		cache_remove(ncp);
	while ((ncp = LIST_FIRST(&vp->v_dnclist)) != NULL)
		cache_remove(ncp);
	mutex_exit(&nc_lock);
}

void
cache_purge_name(struct vnode *dvp, const char *name, size_t namelen)
{
	struct namecache *ncp;

	if (namelen > NCHNAMLEN)
		return;
	mutex_enter(&nc_lock);
	if ((ncp = cache_find(dvp, name, namelen)) != NULL)
		cache_remove(ncp);
	mutex_exit(&nc_lock);
}

void
cache_purgevfs(struct mount *mp)
{
	struct namecache *ncp, *next;

	mutex_enter(&nc_lock);
	TAILQ_FOREACH_SAFE(ncp, &nclru, nc_lru, next) {
		if (ncp->nc_dvp->v_mount == mp ||
		    (ncp->nc_vp != NULL && ncp->nc_vp->v_mount == mp))
			cache_remove(ncp);
	}
	mutex_exit(&nc_lock);
}

void
cache_setmax(unsigned int max)
{

	mutex_enter(&nc_lock);
	maxcache = max;
	while (numcache > maxcache && !TAILQ_EMPTY(&nclru))
		cache_remove(TAILQ_FIRST(&nclru));
	mutex_exit(&nc_lock);
}

unsigned int
cache_count(void)
{

	return numcache;
}
