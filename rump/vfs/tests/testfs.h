/*
 * testfs: a tiny in-memory file system made for the VFS core's unit
 * tests.  Directories, regular files and symlinks; counters of the
 * vnode life-cycle calls; knobs to slow loading down and to recycle.
 */
#ifndef _RUMP_VFS_TESTS_TESTFS_H_
#define _RUMP_VFS_TESTS_TESTFS_H_

#include <sys/types.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#define TFS_MAXNODES	128
#define TFS_MAXENT	32
#define TFS_ROOTINO	1

struct tfs_dirent {
	char de_name[NAME_MAX + 1];
	uint64_t de_ino;
};

struct tfs_node {
	uint64_t tn_ino;		/* the vcache key */
	enum vtype tn_type;
	mode_t tn_mode;
	uid_t tn_uid;
	gid_t tn_gid;
	int tn_nlink;
	uint64_t tn_parent;
	char tn_target[1024];	/* symlink */
	int tn_nent;
	struct tfs_dirent tn_ent[TFS_MAXENT];
	bool tn_used;
};

struct tfs_mount {
	struct tfs_node tm_nodes[TFS_MAXNODES];
	unsigned int tm_loads, tm_inactives, tm_reclaims, tm_lookups;
	unsigned int tm_loaddelay_ms;	/* slow vfs_loadvnode down */
	bool tm_recycle;		/* ask to recycle on inactive */
};

extern struct vfsops testfs_vfsops;

/* boot the kernel once and attach testfs */
void tfs_boot(void);
/* a fresh testfs mounted on path (made first); NULL path: a bare mount */
struct mount *tfs_mount(const char *path);
int tfs_unmount(struct mount *mp, int flags);
struct tfs_mount *tfs_data(struct mount *mp);
/* make a node under directory dino; returns its ino or 0 */
uint64_t tfs_mknode(struct mount *mp, uint64_t dino, const char *name,
    enum vtype type, mode_t mode, const char *target);
/* a namei LOOKUP of path (FOLLOW or not): ni_vp referenced or error */
int tfs_namei(const char *path, uint32_t op, uint32_t flags,
    struct vnode **vpp);
/* the rumpfs or testfs root's path prefix for a per-test directory */
const char *tfs_newdir(void);

#endif /* _RUMP_VFS_TESTS_TESTFS_H_ */
