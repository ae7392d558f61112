/*
 * Path name lookup.  struct componentname is what a file system's
 * VOP_LOOKUP/CREATE/REMOVE/RENAME see of one path component; struct
 * nameidata and namei() are the VFS faction's walk over a whole path.
 */
#ifndef _SYS_NAMEI_H_
#define _SYS_NAMEI_H_

#include <sys/types.h>
#include <sys/kauth.h>

struct vnode;
struct mount;

/* cn_nameiop */
#define LOOKUP		0
#define CREATE		1
#define DELETE		2
#define RENAME		3

/* cn_flags / namei flags */
#define LOCKLEAF	0x00000004	/* return the leaf locked */
#define LOCKPARENT	0x00000008	/* return the parent locked */
#define WANTPARENT	0x00000010	/* return the parent referenced */
#define NOFOLLOW	0x00000000
#define FOLLOW		0x00000040	/* follow a symlink at the end */
#define LOCKSHARED	0x00000100	/* leaf lock shared */
#define NOCACHE		0x00000020	/* do not enter in the name cache */
#define MAKEENTRY	0x00004000	/* may enter in the name cache */
#define ISDOTDOT	0x00002000	/* component is ".." */
#define ISLASTCN	0x00008000	/* last component of the path */
#define ISSYMLINK	0x00010000	/* symlink needs interpretation */
#define REQUIREDIR	0x00080000	/* trailing slash: must be a directory */
#define EMPTYPATH	0x00100000	/* "" names the start directory */
#define NOCROSSMOUNT	0x00200000	/* the last component: the vnode a
					 * mount covers, not the mount's root */

struct componentname {
	uint32_t cn_nameiop;		/* LOOKUP, CREATE, DELETE, RENAME */
	uint32_t cn_flags;
	kauth_cred_t cn_cred;
	const char *cn_nameptr;		/* not NUL-terminated */
	size_t cn_namelen;
};

/* a kernel componentname for one name (p2k, ukfs, internal callers) */
void cn_init(struct componentname *cnp, uint32_t nameiop, uint32_t flags,
    kauth_cred_t cred, const char *name, size_t namelen);

struct nameidata {
	/* in */
	const char *ni_dirp;		/* path */
	struct vnode *ni_atdir;		/* start here for relative paths */
	uint32_t ni_nameiop;
	uint32_t ni_flags;
	/* out */
	struct vnode *ni_vp;		/* the leaf, or NULL if absent */
	struct vnode *ni_dvp;		/* its parent (WANTPARENT/LOCKPARENT) */
	struct componentname ni_cnd;	/* the last component */
	/* private */
	char *ni_pnbuf;
	size_t ni_pnbuflen;
	int ni_loopcnt;
};

void NDINIT(struct nameidata *ndp, uint32_t op, uint32_t flags,
    const char *path);
void NDAT(struct nameidata *ndp, struct vnode *atdir);
int namei(struct nameidata *ndp);
void namei_done(struct nameidata *ndp);	/* free ni_pnbuf */

/* name cache (VOP_LOOKUP implementations call these) */
bool cache_lookup(struct vnode *dvp, const char *name, size_t namelen,
    uint32_t nameiop, uint32_t cnflags, int *iswhiteout, struct vnode **vpp);
void cache_enter(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t namelen, uint32_t cnflags);	/* vp NULL: negative entry */
void cache_purge(struct vnode *vp);	/* names of vp and in vp */
void cache_purge_name(struct vnode *dvp, const char *name, size_t namelen);
void cache_purgevfs(struct mount *mp);

#endif /* _SYS_NAMEI_H_ */
