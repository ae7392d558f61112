/*
 * VOP_RENAME for disk file systems (genfs_rename.c): the plan, the rules
 * that hold for every file system, the lock order and the retries live
 * there; a driver supplies what reads its directories and inodes, and
 * the on-disk change itself, whose write order is its own crash-safety
 * contract (ffs_int.h, ext2fs.h).
 */
#ifndef _SYS_GENFS_RENAME_H_
#define _SYS_GENFS_RENAME_H_

#include <sys/types.h>
#include <sys/kauth.h>
#include <sys/namei.h>
#include <sys/vnode.h>

struct vop_rename_args;

/* One rename, as the driver's ops see it. */
struct genfs_rename {
	struct vnode *gr_fdvp, *gr_tdvp;	/* the two directories */
	struct vnode *gr_fvp;			/* the file that moves */
	struct vnode *gr_tvp;			/* the one replaced, or NULL */
	struct componentname *gr_fcnp, *gr_tcnp;
	ino_t gr_fino, gr_tino;			/* tino 0: no target */
	kauth_cred_t gr_cred;
	bool gr_dir;				/* fvp is a directory */
	bool gr_moved;				/* fdvp != tdvp */
	/* gro_casefold: the target name found the source itself, and only
	 * its case changes (gr_tvp NULL, gr_tino the source's) */
	bool gr_recase;
};

/* What the rules read of an inode. */
struct genfs_rename_attr {
	ino_t ra_ino;
	mode_t ra_mode;
	uid_t ra_uid;
	int64_t ra_nlink;	/* 0 or less: removed */
};

struct genfs_rename_ops {
	size_t gro_maxnamlen;	/* a longer target name: ENAMETOOLONG */
	int64_t gro_linkmax;	/* a directory moved in: EMLINK at it */
	ino_t gro_rootino;	/* where the ancestor walk stops */
	bool gro_casefold;	/* names differing in case name one file */
	/* vp referenced, locked or not: the counts are hints till locked */
	void (*gro_attr)(struct vnode *vp, struct genfs_rename_attr *ra);
	/*
	 * dvp locked (shared or exclusive): the inode name names, 0 if
	 * none.  Called with ".." for the ancestor walk.
	 */
	int (*gro_lookup)(struct vnode *dvp, const char *name, size_t len,
	    ino_t *inop);
	/* vp, a directory, locked: nothing but '.' and '..'? */
	int (*gro_dirempty)(struct vnode *vp, bool *emptyp);
	/* the file system's own rules (its inode flags): EPERM */
	int (*gro_check)(const struct genfs_rename *gr);
	/* damage met on the way: say so on the console, return the error */
	int (*gro_corrupt)(struct vnode *vp, const char *why);
	/*
	 * Every vnode locked exclusive, every rule checked, both names as
	 * looked up: change the entries, '..' and the link counts in the
	 * order the driver's crash contract demands.
	 */
	int (*gro_apply)(const struct genfs_rename *gr);
};

int genfs_rename(const struct genfs_rename_ops *ops,
    struct vop_rename_args *ap);

#endif /* _SYS_GENFS_RENAME_H_ */
