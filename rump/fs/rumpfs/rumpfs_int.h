/*
 * rumpfs internals, shared by the files of this directory and by the
 * etfs kernel half (which hangs its nodes into the root rumpfs).
 *
 * Locking: directory contents (entries, rn_parent, link counts) are
 * protected by the mount's rm_dirlock (reader: lookup and readdir;
 * writer: every namespace change), taken after any vnode lock and never
 * held across a vnode lock.  The node table and rn_vp are protected by
 * rm_nodelock.  File data and attributes are protected by the vnode lock.
 * A node lives while it has a name (rn_nlink > 0) or a vnode (rn_vp).
 */
#ifndef _RUMPFS_RUMPFS_INT_H_
#define _RUMPFS_RUMPFS_INT_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/queue.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/genfs.h>
#include <sys/namei.h>

#define RUMPFS_CHUNK_SHIFT	12
#define RUMPFS_CHUNK		(1u << RUMPFS_CHUNK_SHIFT)
#define RUMPFS_FAN_SHIFT	9
#define RUMPFS_FAN		(1u << RUMPFS_FAN_SHIFT)
#define RUMPFS_MAXDEPTH		6	/* 2^(12+54) > OFF_MAX */
#define RUMPFS_MAXFILESIZE	OFF_MAX
#define RUMPFS_LINK_MAX		32767
#define RUMPFS_NODECOST		256	/* bytes charged per node */
#define RUMPFS_ROOTINO		2

/* file contents: a radix tree of RUMPFS_CHUNK-byte chunks; NULL = hole */
struct rumpfs_data {
	void *rd_root;
	int rd_depth;		/* levels of pointer arrays above chunks */
	uint64_t rd_nchunks;
};

struct rumpfs_node;

struct rumpfs_dirent {
	LIST_ENTRY(rumpfs_dirent) de_hash;
	TAILQ_ENTRY(rumpfs_dirent) de_list;	/* in cookie order */
	struct rumpfs_node *de_dir;
	struct rumpfs_node *de_node;
	uint64_t de_cookie;
	uint32_t de_hashval;
	uint16_t de_namelen;
	char de_name[];
};

struct rumpfs_xattr {
	LIST_ENTRY(rumpfs_xattr) xa_list;
	char *xa_name;
	void *xa_value;
	size_t xa_len;
};

struct rumpfs_mount;

struct rumpfs_node {
	ino_t rn_ino;			/* vcache key */
	uint64_t rn_gen;
	struct rumpfs_mount *rn_rmp;
	struct vnode *rn_vp;		/* under rm_nodelock */
	LIST_ENTRY(rumpfs_node) rn_hash;
	enum vtype rn_type;
	mode_t rn_mode;			/* permission bits */
	uid_t rn_uid;
	gid_t rn_gid;
	nlink_t rn_nlink;
	uint32_t rn_flags;
	struct timespec rn_atime, rn_mtime, rn_ctime, rn_btime;
	off_t rn_size;
	dev_t rn_rdev;
	/* VDIR */
	TAILQ_HEAD(, rumpfs_dirent) rn_entries;
	struct rumpfs_node *rn_parent;
	uint64_t rn_nextcookie;
	uint32_t rn_nentries;
	struct rumpfs_dirent *rn_dirhint;	/* readdir resume point */
	/* VREG */
	struct rumpfs_data rn_data;
	/* VLNK */
	char *rn_target;
	size_t rn_targetlen;
	LIST_HEAD(, rumpfs_xattr) rn_xattrs;
	/* etfs: the key of this node, NULL for ordinary nodes */
	struct rumpfs_etfs *rn_etfs;
	unsigned int rn_opencnt;
};

struct rumpfs_mount {
	struct mount *rm_mp;
	struct rumpfs_node *rm_root;
	krwlock_t rm_dirlock;
	kmutex_t rm_nodelock;
	LIST_HEAD(rumpfs_nodehead, rumpfs_node) *rm_nodehash;
	size_t rm_nodehashsz;
	size_t rm_nnodes;
	LIST_HEAD(rumpfs_dirhead, rumpfs_dirent) *rm_dirhash;
	size_t rm_dirhashsz;
	size_t rm_ndirents;
	ino_t rm_nextino;		/* under rm_nodelock */
	uint64_t rm_nextgen;
	uint64_t rm_maxbytes;		/* 0: no limit */
	uint64_t rm_used;		/* atomic */
	bool rm_isroot;			/* the kernel's root: etfs keys */
};

#define VTORN(vp)	((struct rumpfs_node *)(vp)->v_data)
#define VTORM(vp)	((struct rumpfs_mount *)(vp)->v_mount->mnt_data)

extern const struct vnodeops rumpfs_vnodeops;
extern const struct vnodeops rumpfs_specops;
extern const struct vnodeops rumpfs_fifoops;
extern struct vfsops rumpfs_vfsops;
extern struct rumpfs_mount *rumpfs_rootrm;

/* rumpfs_node.c */
int rumpfs_charge(struct rumpfs_mount *, uint64_t);
void rumpfs_uncharge(struct rumpfs_mount *, uint64_t);
int rumpfs_node_alloc(struct rumpfs_mount *, enum vtype, mode_t, uid_t,
    gid_t, dev_t, struct rumpfs_node **);
void rumpfs_node_freestorage(struct rumpfs_node *);
void rumpfs_node_free(struct rumpfs_node *);
struct rumpfs_node *rumpfs_node_find(struct rumpfs_mount *, ino_t);
int rumpfs_nodetab_init(struct rumpfs_mount *);
void rumpfs_nodetab_fini(struct rumpfs_mount *);
#define RN_ATIME	0x1
#define RN_MTIME	0x2
#define RN_CTIME	0x4
void rumpfs_itimes(struct rumpfs_node *, int);
const struct vnodeops *rumpfs_ops_for(enum vtype);

/* rumpfs_data.c */
int rumpfs_data_read(struct rumpfs_node *, struct uio *);
int rumpfs_data_write(struct rumpfs_node *, struct uio *);
int rumpfs_data_truncate(struct rumpfs_node *, off_t);
int rumpfs_data_punch(struct rumpfs_node *, off_t, off_t);
int rumpfs_data_alloc(struct rumpfs_node *, off_t, off_t);
int rumpfs_data_seek(struct rumpfs_node *, int, off_t *);
void rumpfs_data_free(struct rumpfs_node *);

/* rumpfs_dir.c */
int rumpfs_dirtab_init(struct rumpfs_mount *);
void rumpfs_dirtab_fini(struct rumpfs_mount *);
struct rumpfs_dirent *rumpfs_dir_lookup(struct rumpfs_node *,
    const char *, size_t);
int rumpfs_dir_add(struct rumpfs_node *, const char *, size_t,
    struct rumpfs_node *);
void rumpfs_dir_remove(struct rumpfs_dirent *);
int rumpfs_readdir(struct vop_readdir_args *);

/* rumpfs_attr.c */
int rumpfs_access(struct vop_access_args *);
int rumpfs_getattr(struct vop_getattr_args *);
int rumpfs_setattr(struct vop_setattr_args *);
int rumpfs_pathconf(struct vop_pathconf_args *);
int rumpfs_node_access(struct vnode *, struct rumpfs_node *, int,
    kauth_cred_t);

/* rumpfs_lookup.c */
int rumpfs_lookup(struct vop_lookup_args *);

/* rumpfs_xattr.c */
int rumpfs_getextattr(struct vop_getextattr_args *);
int rumpfs_setextattr(struct vop_setextattr_args *);
int rumpfs_listextattr(struct vop_listextattr_args *);
int rumpfs_deleteextattr(struct vop_deleteextattr_args *);
void rumpfs_xattr_freeall(struct rumpfs_node *);

/* rumpfs_vnops.c */
int rumpfs_create(struct vop_create_args *);
int rumpfs_mknod(struct vop_mknod_args *);
int rumpfs_mkdir(struct vop_mkdir_args *);
int rumpfs_symlink(struct vop_symlink_args *);
int rumpfs_link(struct vop_link_args *);
int rumpfs_remove(struct vop_remove_args *);
int rumpfs_rmdir(struct vop_rmdir_args *);

/* rumpfs_io.c */
int rumpfs_open(struct vop_open_args *);
int rumpfs_close(struct vop_close_args *);
int rumpfs_read(struct vop_read_args *);
int rumpfs_write(struct vop_write_args *);
int rumpfs_fallocate(struct vop_fallocate_args *);
int rumpfs_fdiscard(struct vop_fdiscard_args *);
int rumpfs_fsync(struct vop_fsync_args *);
int rumpfs_seekhole(struct vop_seekhole_args *);
int rumpfs_readlink(struct vop_readlink_args *);
int rumpfs_inactive(struct vop_inactive_args *);
int rumpfs_reclaim(struct vop_reclaim_args *);
int rumpfs_print(struct vop_print_args *);

/* rumpfs_rename.c */
int rumpfs_rename(struct vop_rename_args *);

/* rumpfs_spec.c */
int rumpfs_devmem_init(void);

/*
 * rumpfs_etfs.c: etfs keys.  A key is a node hung under (directory, name)
 * of the root rumpfs without a directory entry: lookup finds it, readdir
 * does not.  The etfs kernel half supplies the I/O of REG nodes.
 */
struct rumpfs_etfs_ops {
	int (*eo_read)(void *cookie, struct uio *uio);
	int (*eo_write)(void *cookie, struct uio *uio, int ioflag);
	int (*eo_getsize)(void *cookie, off_t *sizep);
	int (*eo_fsync)(void *cookie);
	/* directories: find (and attach) a child; list the host directory */
	int (*eo_lookup)(void *cookie, struct rumpfs_node *dir,
	    const char *name, size_t len);
	int (*eo_readdir)(void *cookie, struct uio *uio, int *eofp);
	/* a child attached by eo_lookup goes with its directory's key */
	void (*eo_release)(void *cookie);
};
struct rumpfs_etfs {
	LIST_ENTRY(rumpfs_etfs) re_list;
	const struct rumpfs_etfs_ops *re_ops;	/* NULL: device node */
	void *re_cookie;
	ino_t re_dirino;
	struct rumpfs_node *re_node;
	size_t re_namelen;
	char re_name[];
};
int rumpfs_etfs_attach(const char *key, const struct rumpfs_etfs_ops *,
    void *cookie, enum vtype, mode_t, dev_t, off_t size,
    struct rumpfs_node **);
int rumpfs_etfs_attach_child(struct rumpfs_node *dir, const char *name,
    size_t len, const struct rumpfs_etfs_ops *, void *cookie, enum vtype,
    mode_t, off_t size);
int rumpfs_etfs_detach(const char *key, void **cookiep);
int rumpfs_etfs_busy(const char *key, void **cookiep);
struct rumpfs_node *rumpfs_etfs_lookup(struct rumpfs_node *dir,
    const char *name, size_t namelen);

#endif /* _RUMPFS_RUMPFS_INT_H_ */
