/*
 * namei: walk a path one component at a time through VOP_LOOKUP.
 *
 * Results (ni_vp referenced, unlocked unless LOCKLEAF):
 *  - LOCKPARENT: ni_dvp referenced and locked exclusive, except when it is
 *    ni_vp itself ("."): then the one lock is held only with LOCKLEAF.
 *  - WANTPARENT: ni_dvp referenced, unlocked.  Neither: ni_dvp NULL.
 *  - A CREATE/RENAME whose last component is absent: ni_vp NULL (the
 *    parent as above).  Other misses: ENOENT.
 *  - A path naming the start directory ("/"): LOOKUP only (else EISDIR).
 * ni_cnd describes the last component until namei_done(); REQUIREDIR is
 * set there when the path ended in a slash.  On error nothing is held and
 * namei_done() is harmless.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/namei.h>
#include <sys/filedesc.h>
#include <sys/lwp.h>
#include <sys/uio.h>

#include "vfs_impl.h"

#define NAMEI_INFLAGS	(LOCKLEAF | LOCKPARENT | WANTPARENT | FOLLOW | \
    LOCKSHARED | NOCACHE | EMPTYPATH)

void
cn_init(struct componentname *cnp, uint32_t nameiop, uint32_t flags,
    kauth_cred_t cred, const char *name, size_t namelen)
{

	cnp->cn_nameiop = nameiop;
	cnp->cn_flags = flags | ISLASTCN;
	if ((flags & NOCACHE) == 0)
		cnp->cn_flags |= MAKEENTRY;
	if (namelen == 2 && name[0] == '.' && name[1] == '.')
		cnp->cn_flags |= ISDOTDOT;
	cnp->cn_cred = cred;
	cnp->cn_nameptr = name;
	cnp->cn_namelen = namelen;
}

void
NDINIT(struct nameidata *ndp, uint32_t op, uint32_t flags, const char *path)
{

	memset(ndp, 0, sizeof(*ndp));
	ndp->ni_dirp = path;
	ndp->ni_nameiop = op;
	ndp->ni_flags = flags;
}

void
NDAT(struct nameidata *ndp, struct vnode *atdir)
{

	ndp->ni_atdir = atdir;
}

void
namei_done(struct nameidata *ndp)
{

	if (ndp->ni_pnbuf != NULL)
		kmem_free(ndp->ni_pnbuf, ndp->ni_pnbuflen);
	ndp->ni_pnbuf = NULL;
	ndp->ni_pnbuflen = 0;
}

/* the process root and the start directory, both referenced */
static int
namei_start(struct nameidata *ndp, struct vnode **rdirp,
    struct vnode **startp)
{
	struct cwdinfo *cwdi = cwdinfo_cur();
	struct vnode *rdir, *cdir;

	if (cwdi != NULL)
		rw_enter(&cwdi->cwdi_lock, RW_READER);
	rdir = cwdi != NULL && cwdi->cwdi_rdir != NULL ?
	    cwdi->cwdi_rdir : rootvnode;
	cdir = cwdi != NULL && cwdi->cwdi_cdir != NULL ?
	    cwdi->cwdi_cdir : rdir;
	if (ndp->ni_pnbuf[0] != '/' && ndp->ni_atdir != NULL)
		cdir = ndp->ni_atdir;
	if (rdir == NULL || cdir == NULL) {
		if (cwdi != NULL)
			rw_exit(&cwdi->cwdi_lock);
		return ENOENT;
	}
	vref(rdir);
	*rdirp = rdir;
	*startp = ndp->ni_pnbuf[0] == '/' ? rdir : cdir;
	vref(*startp);
	if (cwdi != NULL)
		rw_exit(&cwdi->cwdi_lock);
	return 0;
}

/*
 * Replace the symlink component with the link's text: the path becomes
 * target + next (next: what followed the component, slashes included).
 * Consumes the reference to vp.
 */
static int
namei_symlink(struct nameidata *ndp, struct vnode *vp, const char *next)
{
	struct iovec iov;
	struct uio uio;
	size_t linklen, restlen;
	char *buf;
	int error;

	if (++ndp->ni_loopcnt > MAXSYMLINKS) {
		vrele(vp);
		return ELOOP;
	}
	if ((buf = kmem_alloc(MAXPATHLEN, KM_SLEEP)) == NULL) {
		vrele(vp);
		return ENOMEM;
	}
	uio_setup_sys(&uio, &iov, buf, MAXPATHLEN, 0, UIO_READ);
	if ((error = vn_lock(vp, LK_SHARED)) == 0) {
		error = VOP_READLINK(vp, &uio, ndp->ni_cnd.cn_cred);
		VOP_UNLOCK(vp);
	}
	vrele(vp);
	linklen = MAXPATHLEN - uio.uio_resid;
	restlen = strlen(next);
	if (error == 0 && linklen == 0)
		error = ENOENT;
	if (error == 0 && linklen + restlen >= ndp->ni_pnbuflen)
		error = ENAMETOOLONG;
	if (error == 0) {
		memmove(ndp->ni_pnbuf + linklen, next, restlen + 1);
		memcpy(ndp->ni_pnbuf, buf, linklen);
	}
	kmem_free(buf, MAXPATHLEN);
	return error;
}

/* the path named the directory dp itself */
static int
namei_degenerate(struct nameidata *ndp, struct vnode *dp)
{
	uint32_t flags = ndp->ni_flags;
	int error;

	if (ndp->ni_nameiop != LOOKUP) {
		vrele(dp);
		return EISDIR;
	}
	ndp->ni_cnd.cn_nameptr = ndp->ni_pnbuf;
	ndp->ni_cnd.cn_namelen = 0;
	ndp->ni_cnd.cn_flags |= ISLASTCN;
	if (flags & (LOCKPARENT | WANTPARENT)) {
		vref(dp);
		ndp->ni_dvp = dp;
	}
	if (flags & LOCKLEAF) {
		error = vn_lock(dp, (flags & LOCKSHARED) ? LK_SHARED :
		    LK_EXCLUSIVE);
		if (error != 0) {
			if (ndp->ni_dvp != NULL)
				vrele(ndp->ni_dvp);
			ndp->ni_dvp = NULL;
			vrele(dp);
			return error;
		}
	}
	ndp->ni_vp = dp;
	return 0;
}

/* last component found: dp locked, vp referenced; hand them out */
static int
namei_finish(struct nameidata *ndp, struct vnode *dp, struct vnode *vp)
{
	uint32_t flags = ndp->ni_flags;
	int lk = (flags & LOCKSHARED) ? LK_SHARED : LK_EXCLUSIVE;
	int error;

	ndp->ni_vp = vp;
	if (flags & LOCKPARENT) {
		ndp->ni_dvp = dp;
		if (vp == dp) {
			if ((flags & LOCKLEAF) == 0)
				VOP_UNLOCK(dp);
		} else if ((flags & LOCKLEAF) != 0) {
			if (ndp->ni_cnd.cn_flags & ISDOTDOT) {
				/* parent before child: let go of dp first */
				VOP_UNLOCK(dp);
				(void)vn_lock(vp, lk | LK_RETRY);
				(void)vn_lock(dp, LK_EXCLUSIVE | LK_RETRY);
			} else
				(void)vn_lock(vp, lk | LK_RETRY);
		}
		return 0;
	}
	VOP_UNLOCK(dp);
	if (flags & WANTPARENT)
		ndp->ni_dvp = dp;
	else
		vrele(dp);
	if ((flags & LOCKLEAF) && (error = vn_lock(vp, lk)) != 0) {
		vrele(vp);
		if (ndp->ni_dvp != NULL)
			vrele(ndp->ni_dvp);
		ndp->ni_vp = ndp->ni_dvp = NULL;
		return error;
	}
	return 0;
}

/* a CREATE/RENAME target that does not exist: dp locked */
static int
namei_absent(struct nameidata *ndp, struct vnode *dp)
{
	uint32_t flags = ndp->ni_flags;

	ndp->ni_vp = NULL;
	if (flags & LOCKPARENT) {
		ndp->ni_dvp = dp;
		return 0;
	}
	VOP_UNLOCK(dp);
	if (flags & WANTPARENT)
		ndp->ni_dvp = dp;
	else
		vrele(dp);
	return 0;
}

/* ".." from dp: stay at the process root, climb out of mounts */
static struct vnode *
namei_dotdot(struct vnode *dp, struct vnode *rdir, bool *stayp)
{
	struct vnode *cvp;

	*stayp = false;
	for (;;) {
		if (dp == rdir || dp == rootvnode) {
			*stayp = true;
			return dp;
		}
		if ((dp->v_vflag & VV_ROOT) == 0 || dp->v_mount == NULL ||
		    (cvp = dp->v_mount->mnt_vnodecovered) == NULL)
			return dp;
		vref(cvp);
		vrele(dp);
		dp = cvp;
	}
}

/*
 * Hold the mount of vp busy (against unmount) and referenced: v_mount
 * is read under vcache_lock, which reclaim takes to clear it.
 */
static int
namei_busy(struct vnode *vp, struct mount **mpp)
{
	struct mount *mp;
	int error;

	mutex_enter(&vcache_lock);
	if ((mp = vp->v_mount) != NULL)
		vfs_ref(mp);
	mutex_exit(&vcache_lock);
	if (mp == NULL)
		return ENOENT;
	if ((error = vfs_busy(mp)) != 0) {
		vfs_rele(mp);
		return error;
	}
	*mpp = mp;
	return 0;
}

static void
namei_unbusy(struct mount *mp)
{

	vfs_unbusy(mp);
	vfs_rele(mp);
}

/* vp referenced: replace it with the root of what is mounted on it */
static int
namei_crossmount(struct vnode **vpp)
{
	struct vnode *vp = *vpp, *rvp;
	struct mount *mp;
	int error;

	while (vp->v_type == VDIR) {
		if ((mp = vfs_mountedhere_ref(vp)) == NULL)
			break;
		if (vfs_busy(mp) != 0) {
			vfs_rele(mp);
			break;
		}
		error = VFS_ROOT(mp, 0, &rvp);
		vfs_unbusy(mp);
		vfs_rele(mp);
		if (error != 0)
			return error;
		vrele(vp);
		*vpp = vp = rvp;
	}
	return 0;
}

/* look up one component in dp (referenced, unlocked): dp comes back locked */
static int
namei_lookup_one(struct nameidata *ndp, struct vnode *dp, struct vnode **vpp)
{
	struct componentname *cnp = &ndp->ni_cnd;
	struct mount *mp;
	int lk = LK_SHARED, error;

	if ((cnp->cn_flags & ISLASTCN) && (ndp->ni_nameiop != LOOKUP ||
	    (ndp->ni_flags & LOCKPARENT)))
		lk = LK_EXCLUSIVE;
	/* busy before locking: unmount locks vnodes while it holds mp */
	if ((error = namei_busy(dp, &mp)) != 0)
		return error;
	if ((error = vn_lock(dp, lk)) != 0) {
		namei_unbusy(mp);
		return error;
	}
	error = VOP_LOOKUP(dp, vpp, cnp);
	namei_unbusy(mp);
	if (error != 0 && error != EJUSTRETURN)
		VOP_UNLOCK(dp);
	return error;
}

/* fill ni_cnd for the component at cp; returns its end */
static const char *
namei_component(struct nameidata *ndp, char *cp, const char **restp)
{
	struct componentname *cnp = &ndp->ni_cnd;
	const char *next = cp, *rest;

	while (*next != '\0' && *next != '/')
		next++;
	for (rest = next; *rest == '/'; rest++)
		continue;
	cnp->cn_nameptr = cp;
	cnp->cn_namelen = (size_t)(next - cp);
	cnp->cn_flags = ndp->ni_flags & NAMEI_INFLAGS;
	if ((ndp->ni_flags & NOCACHE) == 0)
		cnp->cn_flags |= MAKEENTRY;
	if (cnp->cn_namelen == 2 && cp[0] == '.' && cp[1] == '.')
		cnp->cn_flags |= ISDOTDOT;
	if (*rest == '\0') {
		cnp->cn_flags |= ISLASTCN;
		if (rest != next)
			cnp->cn_flags |= REQUIREDIR;
	}
	*restp = rest;
	return next;
}

static int
namei_walk(struct nameidata *ndp, struct vnode *rdir, struct vnode *dp)
{
	struct componentname *cnp = &ndp->ni_cnd;
	struct vnode *vp;
	const char *next, *rest;
	char *cp = ndp->ni_pnbuf;
	bool last, stay;
	int error;

	for (;;) {
		while (*cp == '/')
			cp++;
		if (*cp == '\0')
			return namei_degenerate(ndp, dp);
		next = namei_component(ndp, cp, &rest);
		last = (cnp->cn_flags & ISLASTCN) != 0;
		if (cnp->cn_namelen > NAME_MAX) {
			error = ENAMETOOLONG;
			goto bad;
		}
		if (dp->v_type != VDIR) {
			error = ENOTDIR;
			goto bad;
		}
		stay = false;
		if (cnp->cn_flags & ISDOTDOT)
			dp = namei_dotdot(dp, rdir, &stay);
		if (stay) {
			/* ".." at the root is the root */
			if ((error = vn_lock(dp, LK_EXCLUSIVE)) != 0)
				goto bad;
			vref(dp);
			vp = dp;
		} else if ((error = namei_lookup_one(ndp, dp, &vp)) != 0) {
			if (error == EJUSTRETURN && last &&
			    (ndp->ni_nameiop == CREATE ||
			    ndp->ni_nameiop == RENAME))
				return namei_absent(ndp, dp);
			if (error == EJUSTRETURN) {
				VOP_UNLOCK(dp);
				error = ENOENT;
			}
			goto bad;
		}
		/* dp locked, vp referenced */
		if (vp != dp && !(last && (ndp->ni_flags & NOCROSSMOUNT)) &&
		    (error = namei_crossmount(&vp)) != 0) {
			VOP_UNLOCK(dp);
			vrele(vp);
			goto bad;
		}
		if (vp->v_type == VLNK && (!last || (ndp->ni_flags & FOLLOW) ||
		    (cnp->cn_flags & REQUIREDIR))) {
			VOP_UNLOCK(dp);
			if ((error = namei_symlink(ndp, vp, next)) != 0)
				goto bad;
			cp = ndp->ni_pnbuf;
			if (*cp == '/') {
				vrele(dp);
				dp = rdir;
				vref(dp);
			}
			continue;
		}
		if (!last) {
			VOP_UNLOCK(dp);
			vrele(dp);
			dp = vp;
			cp = (char *)(uintptr_t)rest;
			continue;
		}
		if ((cnp->cn_flags & REQUIREDIR) && vp->v_type != VDIR) {
			VOP_UNLOCK(dp);
			vrele(vp);
			error = ENOTDIR;
			goto bad;
		}
		return namei_finish(ndp, dp, vp);
	}
bad:
	vrele(dp);
	return error;
}

int
namei(struct nameidata *ndp)
{
	struct vnode *rdir, *dp;
	size_t len;
	int error;

	ndp->ni_vp = ndp->ni_dvp = NULL;
	ndp->ni_loopcnt = 0;
	ndp->ni_cnd.cn_nameiop = ndp->ni_nameiop;
	ndp->ni_cnd.cn_flags = ndp->ni_flags & NAMEI_INFLAGS;
	ndp->ni_cnd.cn_cred = kauth_cred_get();
	if (ndp->ni_dirp == NULL)
		return EFAULT;
	len = strnlen(ndp->ni_dirp, MAXPATHLEN);
	if (len >= MAXPATHLEN)
		return ENAMETOOLONG;
	if (len == 0 && (ndp->ni_flags & EMPTYPATH) == 0)
		return ENOENT;
	if (ndp->ni_pnbuf == NULL) {
		ndp->ni_pnbuf = kmem_alloc(MAXPATHLEN, KM_SLEEP);
		if (ndp->ni_pnbuf == NULL)
			return ENOMEM;
		ndp->ni_pnbuflen = MAXPATHLEN;
	}
	memcpy(ndp->ni_pnbuf, ndp->ni_dirp, len + 1);
	ndp->ni_cnd.cn_nameptr = ndp->ni_pnbuf;
	ndp->ni_cnd.cn_namelen = 0;
	if ((error = namei_start(ndp, &rdir, &dp)) == 0) {
		error = namei_walk(ndp, rdir, dp);
		vrele(rdir);
	}
	if (error != 0)
		namei_done(ndp);
	return error;
}
