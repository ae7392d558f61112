/*
 * The vnode cache: vnodes keyed by (mount, key bytes) in a hash table,
 * loaded once by the file system's vfs_loadvnode or made by vfs_newvnode,
 * with an LRU list of unused vnodes that is trimmed to the cache bound.
 *
 * One mutex, vcache_lock, protects the table, the LRU list, every
 * vnode's use count and state (v_interlock points at it).  Lock order:
 * vnode lock, then mnt_vnodelock or the name cache lock, then vcache_lock.
 * State changes are broadcast on one condition variable, so that a waiter
 * never touches a vnode that may have been freed while it slept.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/namei.h>
#include <sys/atomic.h>

#include <rump/rumpuser.h>

#include "vfs_impl.h"
#include "vfs_vnode_impl.h"

#define VCACHE_HASHMIN	4096	/* buckets at first, a power of two */
#define VCACHE_HASHMAX	(1u << 22)	/* and at most */
#define VCACHE_DEFMAX	8192	/* vnodes kept by default (RUMP_NVNODES) */
#define VCACHE_MAXMAX	(1u << 24)

kmutex_t vcache_lock;
kcondvar_t vcache_cv;
/*
 * The table doubles (twice over) when it holds twice as many vnodes as
 * buckets: vnodes in use are not bounded (a p2k server of a file system
 * without stable handles holds every vnode the host kernel knows, 100,000
 * for a walk of as many files), and chains of a fixed table grew.
 */
static struct vnode **vcache_hash;
static size_t vcache_hashmask;
static bool vcache_hash_full;	/* grow at the next chance */
struct vnode_lru vnode_lru = TAILQ_HEAD_INITIALIZER(vnode_lru);
unsigned int numvnodes;	/* changed under vcache_lock, read without */
static unsigned int maxvnodes = VCACHE_DEFMAX;
static uint64_t vcache_gen;

/* RUMP_NVNODES: how many vnodes the cache keeps (a number, 0 for none) */
static void
vcache_max_init(void)
{
	char buf[32], *end;
	unsigned long long v;

	if (rumpuser_getparam("RUMP_NVNODES", buf, sizeof(buf)) != 0)
		return;
	v = strtoull(buf, &end, 10);
	if (end == buf || *end != '\0' || buf[0] == '-' || v > VCACHE_MAXMAX) {
		printf("rump: ignoring RUMP_NVNODES=\"%s\" (a number of "
		    "vnodes, at most %u)\n", buf, VCACHE_MAXMAX);
		return;
	}
	maxvnodes = (unsigned int)v;
}

void
vcache_init(void)
{

	vcache_max_init();
	mutex_init(&vcache_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&vcache_cv, "vcache");
	vcache_hash = kmem_zalloc(VCACHE_HASHMIN * sizeof(*vcache_hash),
	    KM_SLEEP);
	if (vcache_hash == NULL)
		panic("vcache: no memory for the vnode table");
	vcache_hashmask = VCACHE_HASHMIN - 1;
}

static uint32_t
vcache_hashkey(const struct mount *mp, const void *key, size_t keylen)
{
	const uint8_t *p = key;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < keylen; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	h ^= (uint64_t)(uintptr_t)mp >> 4;
	h *= 1099511628211ULL;
	return (uint32_t)(h ^ (h >> 32));
}

static struct vnode **
vcache_bucket(const struct mount *mp, const void *key, size_t keylen)
{

	return &vcache_hash[vcache_hashkey(mp, key, keylen) &
	    vcache_hashmask];
}

/*
 * Called without vcache_lock (the allocation may reclaim memory, which
 * can take vnode locks): a table four times as large, filled under the
 * lock unless another thread grew it meanwhile.
 */
static void
vcache_hash_grow(void)
{
	struct vnode **nt, **ot, **bp, *vp, *next;
	size_t osize, nsize, i;

	if (!atomic_load_relaxed(&vcache_hash_full))
		return;
	mutex_enter(&vcache_lock);
	osize = vcache_hashmask + 1;
	mutex_exit(&vcache_lock);
	nsize = osize * 4;
	if ((nt = kmem_zalloc(nsize * sizeof(*nt), KM_SLEEP)) == NULL)
		return;
	mutex_enter(&vcache_lock);
	if (vcache_hashmask + 1 != osize) {
		mutex_exit(&vcache_lock);
		kmem_free(nt, nsize * sizeof(*nt));
		return;
	}
	ot = vcache_hash;
	vcache_hash = nt;
	vcache_hashmask = nsize - 1;
	for (i = 0; i < osize; i++)
		for (vp = ot[i]; vp != NULL; vp = next) {
			next = vp->v_hashnext;
			bp = vcache_bucket(vp->v_mount, vp->v_key,
			    vp->v_keylen);
			vp->v_hashnext = *bp;
			*bp = vp;
		}
	atomic_store_relaxed(&vcache_hash_full, false);
	mutex_exit(&vcache_lock);
	kmem_free(ot, osize * sizeof(*ot));
}

struct vnode *
vcache_lookup(struct mount *mp, const void *key, size_t keylen)
{
	struct vnode *vp;

	for (vp = *vcache_bucket(mp, key, keylen); vp != NULL;
	    vp = vp->v_hashnext) {
		if (vp->v_mount == mp && vp->v_keylen == keylen &&
		    memcmp(vp->v_key, key, keylen) == 0)
			return vp;
	}
	return NULL;
}

void
vcache_hash_insert(struct vnode *vp)
{
	struct vnode **bp;

	bp = vcache_bucket(vp->v_mount, vp->v_key, vp->v_keylen);
	vp->v_hashnext = *bp;
	*bp = vp;
	if (numvnodes >= 2 * (vcache_hashmask + 1) &&
	    vcache_hashmask + 1 < VCACHE_HASHMAX)
		atomic_store_relaxed(&vcache_hash_full, true);
}

/* remove vp from the table; its key must still be readable */
void
vcache_hash_remove(struct vnode *vp)
{
	struct vnode **pp;

	pp = vcache_bucket(vp->v_mount, vp->v_key, vp->v_keylen);
	for (; *pp != NULL; pp = &(*pp)->v_hashnext) {
		if (*pp == vp) {
			*pp = vp->v_hashnext;
			vp->v_hashnext = NULL;
			return;
		}
	}
	/* not found under its key: scan everything (orphans) */
	vcache_hash_remove_scan(vp);
}

void
vcache_hash_remove_scan(struct vnode *vp)
{
	struct vnode **pp;
	size_t i;

	for (i = 0; i <= vcache_hashmask; i++) {
		for (pp = &vcache_hash[i]; *pp != NULL;
		    pp = &(*pp)->v_hashnext) {
			if (*pp == vp) {
				*pp = vp->v_hashnext;
				vp->v_hashnext = NULL;
				return;
			}
		}
	}
}

struct vnode *
vnode_alloc(struct mount *mp)
{
	struct vnode *vp;

	if ((vp = kmem_zalloc(sizeof(*vp), KM_SLEEP)) == NULL)
		return NULL;
	vp->v_interlock = &vcache_lock;
	cv_init(&vp->v_cv, "vnode");
	rw_init(&vp->v_lock);
	TAILQ_INIT(&vp->v_cleanblkhd);
	TAILQ_INIT(&vp->v_dirtyblkhd);
	LIST_INIT(&vp->v_dnclist);
	LIST_INIT(&vp->v_nclist);
	vp->v_mount = mp;
	vp->v_op = &dead_vnodeops;
	vp->v_type = VNON;
	vp->v_rdev = NODEV;
	vp->v_state = VS_LOADING;
	vp->v_usecount = 1;
	vp->v_gen = atomic_add_64_nv(&vcache_gen, 1);
	return vp;
}

void
vnode_free(struct vnode *vp)
{

	cv_destroy(&vp->v_cv);
	rw_destroy(&vp->v_lock);
	kmem_free(vp, sizeof(*vp));
}

/*
 * Take a reference to vp found in the table; vcache_lock held.  A vnode
 * in transition makes the caller wait and look again (ERESTART); vp may
 * be gone then.
 */
static int
vcache_vget_wait(struct vnode *vp)
{

	if ((vp->v_iflag & VI_MARKER) != 0 || vp->v_state == VS_LOADING ||
	    vp->v_state == VS_BLOCKED) {
		cv_wait(&vcache_cv, &vcache_lock);
		return ERESTART;
	}
	if (vp->v_state == VS_RECLAIMED)
		return ENOENT;
	if (vp->v_usecount++ == 0)
		TAILQ_REMOVE(&vnode_lru, vp, v_lrulist);
	return 0;
}

int
vcache_tryvget(struct vnode *vp)
{

	if ((vp->v_iflag & VI_MARKER) != 0 || vp->v_state == VS_LOADING ||
	    vp->v_state == VS_BLOCKED)
		return EBUSY;
	if (vp->v_state == VS_RECLAIMED)
		return ENOENT;
	if (vp->v_usecount++ == 0)
		TAILQ_REMOVE(&vnode_lru, vp, v_lrulist);
	return 0;
}

/* a loaded vnode becomes usable */
static void
vcache_activate(struct vnode *vp, const void *key)
{

	mutex_enter(&vcache_lock);
	vp->v_key = key;
	vp->v_state = VS_ACTIVE;
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
}

/* a vnode that failed to load leaves the table and is freed */
static void
vcache_abort(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	mutex_enter(&mp->mnt_vnodelock);
	mutex_enter(&vcache_lock);
	vcache_hash_remove(vp);
	TAILQ_REMOVE(&mp->mnt_vnodelist, vp, v_mntvnodes);
	vp->v_state = VS_RECLAIMED;
	atomic_dec_uint(&numvnodes);
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	vnode_free(vp);
}

void
vcache_trim(void)
{

	if (atomic_load_relaxed(&numvnodes) > atomic_load_relaxed(&maxvnodes))
		(void)vcache_drain(maxvnodes);
}

int
vcache_get(struct mount *mp, const void *key, size_t keylen,
    struct vnode **vpp)
{
	struct vnode *vp, *nvp = NULL;
	const void *newkey;
	int error;

	*vpp = NULL;
	if (mp->mnt_op->vfs_loadvnode == NULL)
		return EOPNOTSUPP;
	vcache_hash_grow();
	for (;;) {
		if (nvp != NULL)
			mutex_enter(&mp->mnt_vnodelock);
		mutex_enter(&vcache_lock);
		vp = vcache_lookup(mp, key, keylen);
		if (vp == NULL && nvp != NULL)
			break;
		if (nvp != NULL)
			mutex_exit(&mp->mnt_vnodelock);
		if (vp == NULL) {
			mutex_exit(&vcache_lock);
			if ((nvp = vnode_alloc(mp)) == NULL)
				return ENOMEM;
			continue;
		}
		error = vcache_vget_wait(vp);
		mutex_exit(&vcache_lock);
		if (error == ERESTART)
			continue;
		if (nvp != NULL)
			vnode_free(nvp);
		if (error == 0)
			*vpp = vp;
		return error;
	}
	/* not cached: insert nvp while loading, so others wait for it */
	nvp->v_key = key;
	nvp->v_keylen = keylen;
	vcache_hash_insert(nvp);
	TAILQ_INSERT_TAIL(&mp->mnt_vnodelist, nvp, v_mntvnodes);
	atomic_inc_uint(&numvnodes);
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	vcache_trim();

	newkey = key;
	error = mp->mnt_op->vfs_loadvnode(mp, nvp, key, keylen, &newkey);
	if (error != 0) {
		vcache_abort(nvp);
		return error;
	}
	KASSERT(nvp->v_op != NULL);
	vcache_activate(nvp, newkey);
	*vpp = nvp;
	return 0;
}

/* an unused cached vnode with the key of a new file: evict it */
static int
vcache_new_collide(struct mount *mp, struct vnode *ovp)
{

	if ((ovp->v_iflag & VI_MARKER) != 0 || ovp->v_state != VS_ACTIVE) {
		mutex_exit(&mp->mnt_vnodelock);
		cv_wait(&vcache_cv, &vcache_lock);
		mutex_exit(&vcache_lock);
		return ERESTART;
	}
	if (ovp->v_usecount != 0) {
		mutex_exit(&vcache_lock);
		mutex_exit(&mp->mnt_vnodelock);
		return EIO;
	}
	TAILQ_REMOVE(&vnode_lru, ovp, v_lrulist);
	ovp->v_state = VS_BLOCKED;
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	vcache_reclaim(ovp, false);
	vcache_free_reclaimed(ovp);
	return ERESTART;
}

int
vcache_new(struct mount *mp, struct vnode *dvp, struct vattr *vap,
    kauth_cred_t cred, void *extra, struct vnode **vpp)
{
	struct vnode *vp, *ovp;
	const void *key = NULL;
	size_t keylen = 0;
	int error;

	*vpp = NULL;
	if (mp->mnt_op->vfs_newvnode == NULL)
		return EOPNOTSUPP;
	vcache_hash_grow();
	if ((vp = vnode_alloc(mp)) == NULL)
		return ENOMEM;
	error = mp->mnt_op->vfs_newvnode(mp, dvp, vp, vap, cred, extra,
	    &keylen, &key);
	if (error != 0) {
		vnode_free(vp);
		return error;
	}
	vp->v_key = key;
	vp->v_keylen = keylen;
	do {
		mutex_enter(&mp->mnt_vnodelock);
		mutex_enter(&vcache_lock);
		ovp = vcache_lookup(mp, key, keylen);
		error = ovp == NULL ? 0 : vcache_new_collide(mp, ovp);
	} while (error == ERESTART);
	if (error != 0) {
		printf("vfs: %s: new file's key is in use by another vnode\n",
		    mp->mnt_stat.f_mntonname);
		(void)VOP_RECLAIM(vp);
		vnode_free(vp);
		return error;
	}
	vcache_hash_insert(vp);
	TAILQ_INSERT_TAIL(&mp->mnt_vnodelist, vp, v_mntvnodes);
	atomic_inc_uint(&numvnodes);
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	vcache_activate(vp, key);
	vcache_trim();
	*vpp = vp;
	return 0;
}

int
vcache_rekey_enter(struct mount *mp, struct vnode *vp,
    const void *oldkey, size_t oldkeylen, const void *newkey,
    size_t newkeylen)
{
	struct vnode *marker;

	if ((marker = vnode_alloc(mp)) == NULL)
		return ENOMEM;
	marker->v_iflag = VI_MARKER;
	marker->v_key = newkey;
	marker->v_keylen = newkeylen;
	mutex_enter(&vcache_lock);
	if (vcache_lookup(mp, newkey, newkeylen) != NULL) {
		mutex_exit(&vcache_lock);
		vnode_free(marker);
		return EEXIST;
	}
	vcache_hash_insert(marker);
	mutex_exit(&vcache_lock);
	return 0;
}

void
vcache_rekey_exit(struct mount *mp, struct vnode *vp,
    const void *oldkey, size_t oldkeylen, const void *newkey,
    size_t newkeylen)
{
	struct vnode *marker;

	mutex_enter(&vcache_lock);
	marker = vcache_lookup(mp, newkey, newkeylen);
	KASSERT(marker != NULL && (marker->v_iflag & VI_MARKER) != 0);
	vcache_hash_remove(marker);
	/* the table still files vp under the old key */
	vp->v_key = oldkey;
	vp->v_keylen = oldkeylen;
	vcache_hash_remove(vp);
	vp->v_key = newkey;
	vp->v_keylen = newkeylen;
	vcache_hash_insert(vp);
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	vnode_free(marker);
}

void
vcache_setmax(unsigned int max)
{

	atomic_store_relaxed(&maxvnodes, max);
	vcache_trim();
}

unsigned int
vcache_getmax(void)
{

	return atomic_load_relaxed(&maxvnodes);
}

unsigned int
vcache_count(void)
{

	return atomic_load_relaxed(&numvnodes);
}

unsigned int
vcache_drain(unsigned int target)
{
	struct vnode *vp;
	unsigned int n = 0;

	mutex_enter(&vcache_lock);
	while (numvnodes > target && (vp = TAILQ_FIRST(&vnode_lru)) != NULL) {
		TAILQ_REMOVE(&vnode_lru, vp, v_lrulist);
		vp->v_state = VS_BLOCKED;
		mutex_exit(&vcache_lock);
		vcache_reclaim(vp, false);
		vcache_free_reclaimed(vp);
		n++;
		mutex_enter(&vcache_lock);
	}
	mutex_exit(&vcache_lock);
	return n;
}
