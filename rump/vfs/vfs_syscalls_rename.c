/*
 * rename and renameat2.  The file system applies the rename rules itself
 * (VOP_RENAME gets directories and names); here only the lookups of both
 * parents, the ./.. and cross-device checks, and the per-mount rename lock
 * that keeps concurrent renames from making directory cycles.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

#define RENAME_KNOWN	(RENAME_NOREPLACE | RENAME_EXCHANGE | (1 << 2))

static void
rename_release(struct nameidata *nd)
{

	if (nd->ni_vp != NULL)
		vrele(nd->ni_vp);
	if (nd->ni_dvp != NULL)
		vrele(nd->ni_dvp);
}

static int
rename_check(struct nameidata *fnd, struct nameidata *tnd)
{
	struct vnode *fdvp = fnd->ni_dvp, *tdvp = tnd->ni_dvp;

	if (fnd->ni_vp == NULL)
		return ENOENT;
	if (sys_isdotname(&fnd->ni_cnd, true) ||
	    sys_isdotname(&tnd->ni_cnd, true))
		return EINVAL;
	if (fdvp->v_mount != tdvp->v_mount ||
	    fnd->ni_vp->v_mount != fdvp->v_mount ||
	    (tnd->ni_vp != NULL && tnd->ni_vp->v_mount != tdvp->v_mount))
		return EXDEV;
	if ((fnd->ni_vp->v_vflag & VV_ROOT) || (tnd->ni_vp != NULL &&
	    (tnd->ni_vp->v_vflag & VV_ROOT)))
		return EBUSY;
	return 0;
}

static int
do_renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned int flags)
{
	struct nameidata fnd, tnd;
	struct file *fdfp, *tdfp;
	struct mount *mp;
	int error;

	if (flags & ~RENAME_KNOWN)
		return EINVAL;
	if (from == NULL || to == NULL)
		return EFAULT;
	error = sys_namei_at(fromfd, from, DELETE, WANTPARENT | NOFOLLOW,
	    &fnd, &fdfp);
	if (error != 0)
		return error;
	error = sys_namei_at(tofd, to, RENAME, WANTPARENT | NOFOLLOW, &tnd,
	    &tdfp);
	if (error != 0) {
		rename_release(&fnd);
		sys_namei_done(&fnd, fdfp);
		return error;
	}
	if ((error = rename_check(&fnd, &tnd)) == 0) {
		mp = fnd.ni_dvp->v_mount;
		if ((error = vfs_busy(mp)) == 0) {
			mutex_enter(&mp->mnt_renamelock);
			error = VOP_RENAME(fnd.ni_dvp, &fnd.ni_cnd, tnd.ni_dvp,
			    &tnd.ni_cnd, flags);
			mutex_exit(&mp->mnt_renamelock);
			vfs_unbusy(mp);
		}
	}
	rename_release(&tnd);
	rename_release(&fnd);
	sys_namei_done(&tnd, tdfp);
	sys_namei_done(&fnd, fdfp);
	return error;
}

int
rump_sys_rename(const char *from, const char *to)
{

	sys_enter();
	return sys_exit(do_renameat2(AT_FDCWD, from, AT_FDCWD, to, 0));
}

int
rump_sys_renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned int flags)
{

	sys_enter();
	return sys_exit(do_renameat2(fromfd, from, tofd, to, flags));
}
