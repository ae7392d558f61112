/*
 * rumpfs nodes: allocation, the per-mount table that vfs_loadvnode and
 * file handles look inodes up in, space accounting and time stamps.
 */
#include <sys/atomic.h>

#include "rumpfs_int.h"

int
rumpfs_charge(struct rumpfs_mount *rm, uint64_t n)
{
	uint64_t used;

	used = atomic_add_64_nv(&rm->rm_used, n);
	if (rm->rm_maxbytes != 0 && used > rm->rm_maxbytes) {
		atomic_add_64(&rm->rm_used, -n);
		return ENOSPC;
	}
	return 0;
}

void
rumpfs_uncharge(struct rumpfs_mount *rm, uint64_t n)
{

	atomic_add_64(&rm->rm_used, -n);
}

static inline size_t
nodehash(ino_t ino, size_t sz)
{

	return (size_t)((ino * 0x9e3779b97f4a7c15ull) >> 40) & (sz - 1);
}

int
rumpfs_nodetab_init(struct rumpfs_mount *rm)
{
	size_t i;

	rm->rm_nodehashsz = 64;
	rm->rm_nodehash = kmem_alloc(rm->rm_nodehashsz *
	    sizeof(*rm->rm_nodehash), KM_SLEEP);
	if (rm->rm_nodehash == NULL)
		return ENOMEM;
	for (i = 0; i < rm->rm_nodehashsz; i++)
		LIST_INIT(&rm->rm_nodehash[i]);
	rm->rm_nextino = RUMPFS_ROOTINO;
	return 0;
}

/* every node left (unmount): free them all */
void
rumpfs_nodetab_fini(struct rumpfs_mount *rm)
{
	struct rumpfs_node *rn;
	size_t i;

	for (i = 0; i < rm->rm_nodehashsz; i++) {
		while ((rn = LIST_FIRST(&rm->rm_nodehash[i])) != NULL) {
			while (rn->rn_type == VDIR &&
			    !TAILQ_EMPTY(&rn->rn_entries))
				rumpfs_dir_remove(TAILQ_FIRST(&rn->rn_entries));
			rumpfs_node_free(rn);
		}
	}
	kmem_free(rm->rm_nodehash, rm->rm_nodehashsz *
	    sizeof(*rm->rm_nodehash));
	rm->rm_nodehash = NULL;
}

/* double the table when it gets crowded; failure only costs speed */
static void
nodetab_grow(struct rumpfs_mount *rm)
{
	struct rumpfs_nodehead *nh;
	struct rumpfs_node *rn;
	size_t nsz = rm->rm_nodehashsz * 2, i;

	if ((nh = kmem_alloc(nsz * sizeof(*nh), KM_NOSLEEP)) == NULL)
		return;
	for (i = 0; i < nsz; i++)
		LIST_INIT(&nh[i]);
	for (i = 0; i < rm->rm_nodehashsz; i++) {
		while ((rn = LIST_FIRST(&rm->rm_nodehash[i])) != NULL) {
			LIST_REMOVE(rn, rn_hash);
			LIST_INSERT_HEAD(&nh[nodehash(rn->rn_ino, nsz)], rn,
			    rn_hash);
		}
	}
	kmem_free(rm->rm_nodehash, rm->rm_nodehashsz * sizeof(*nh));
	rm->rm_nodehash = nh;
	rm->rm_nodehashsz = nsz;
}

struct rumpfs_node *
rumpfs_node_find(struct rumpfs_mount *rm, ino_t ino)
{
	struct rumpfs_node *rn;

	KASSERT(mutex_owned(&rm->rm_nodelock));
	LIST_FOREACH(rn, &rm->rm_nodehash[nodehash(ino, rm->rm_nodehashsz)],
	    rn_hash)
		if (rn->rn_ino == ino)
			return rn;
	return NULL;
}

int
rumpfs_node_alloc(struct rumpfs_mount *rm, enum vtype type, mode_t mode,
    uid_t uid, gid_t gid, dev_t rdev, struct rumpfs_node **rnp)
{
	struct rumpfs_node *rn;
	struct timespec now;
	int error;

	if ((error = rumpfs_charge(rm, RUMPFS_NODECOST)) != 0)
		return error;
	if ((rn = kmem_zalloc(sizeof(*rn), KM_SLEEP)) == NULL) {
		rumpfs_uncharge(rm, RUMPFS_NODECOST);
		return ENOMEM;
	}
	rn->rn_rmp = rm;
	rn->rn_type = type;
	rn->rn_mode = mode & ALLPERMS;
	rn->rn_uid = uid;
	rn->rn_gid = gid;
	rn->rn_rdev = (type == VBLK || type == VCHR) ? rdev : NODEV;
	getnanotime(&now);
	rn->rn_atime = rn->rn_mtime = rn->rn_ctime = rn->rn_btime = now;
	TAILQ_INIT(&rn->rn_entries);
	LIST_INIT(&rn->rn_xattrs);
	rn->rn_nextcookie = 2;		/* 0 ".", 1 ".." */
	mutex_enter(&rm->rm_nodelock);
	rn->rn_ino = rm->rm_nextino++;
	/* generations make file handles of removed files stale */
	rn->rn_gen = ++rm->rm_nextgen;
	if (rm->rm_nnodes >= 2 * rm->rm_nodehashsz)
		nodetab_grow(rm);
	LIST_INSERT_HEAD(&rm->rm_nodehash[nodehash(rn->rn_ino,
	    rm->rm_nodehashsz)], rn, rn_hash);
	rm->rm_nnodes++;
	mutex_exit(&rm->rm_nodelock);
	*rnp = rn;
	return 0;
}

/* contents only: an unlinked file gives back its space at inactive */
void
rumpfs_node_freestorage(struct rumpfs_node *rn)
{
	struct rumpfs_mount *rm = rn->rn_rmp;

	if (rn->rn_type == VREG)
		rumpfs_data_free(rn);
	if (rn->rn_target != NULL) {
		kmem_free(rn->rn_target, rn->rn_targetlen + 1);
		rumpfs_uncharge(rm, rn->rn_targetlen + 1);
		rn->rn_target = NULL;
	}
	rumpfs_xattr_freeall(rn);
	rn->rn_size = 0;
}

void
rumpfs_node_free(struct rumpfs_node *rn)
{
	struct rumpfs_mount *rm = rn->rn_rmp;

	rumpfs_node_freestorage(rn);
	mutex_enter(&rm->rm_nodelock);
	LIST_REMOVE(rn, rn_hash);
	rm->rm_nnodes--;
	mutex_exit(&rm->rm_nodelock);
	kmem_free(rn, sizeof(*rn));
	rumpfs_uncharge(rm, RUMPFS_NODECOST);
}

void
rumpfs_itimes(struct rumpfs_node *rn, int which)
{
	struct timespec now;

	getnanotime(&now);
	if (which & RN_ATIME)
		rn->rn_atime = now;
	if (which & RN_MTIME)
		rn->rn_mtime = now;
	if (which & RN_CTIME)
		rn->rn_ctime = now;
}

const struct vnodeops *
rumpfs_ops_for(enum vtype type)
{

	switch (type) {
	case VBLK:
	case VCHR:
		return &rumpfs_specops;
	case VFIFO:
	case VSOCK:
		return &rumpfs_fifoops;
	default:
		return &rumpfs_vnodeops;
	}
}
