/*
 * VOP_LOOKUP: one name in a directory.  Permission checks per the VFS
 * contract: VEXEC on the directory, and for the last component of a
 * CREATE/DELETE/RENAME the right to modify it, with the sticky-bit rule
 * for DELETE/RENAME.
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <sys/kauth.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

/* may cred remove vp's name from dvp: write access, the sticky rule */
static int
ufs_lookup_delcheck(struct vnode *dvp, struct vnode *vp, kauth_cred_t cred)
{
	struct inode *dp = VTOI(dvp), *ip = VTOI(vp);
	int error;

	if ((error = VOP_ACCESS(dvp, VWRITE, cred)) != 0)
		return error;
	if ((dp->i_din.mode & S_ISVTX) == 0)
		return 0;
	return genfs_can_sticky(dvp, vp, cred, dp->i_din.uid, ip->i_din.uid);
}

int
ufs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct inode *dp = VTOI(dvp);
	bool last = (cnp->cn_flags & ISLASTCN) != 0;
	uint32_t op = cnp->cn_nameiop;
	ino_t ino;
	int error;

	*ap->a_vpp = NULL;
	if (dvp->v_type != VDIR)
		return ENOTDIR;
	if ((error = VOP_ACCESS(dvp, VEXEC, cnp->cn_cred)) != 0)
		return error;
	if (last && (op == DELETE || op == RENAME) &&
	    (error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') {
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	if (cnp->cn_namelen > UFS_MAXNAMLEN)
		return ENAMETOOLONG;
	error = ufs_dirlookup(dp, cnp->cn_nameptr, cnp->cn_namelen, &ino);
	if (error != 0)
		return error;
	if (ino == 0) {
		if (last && (op == CREATE || op == RENAME)) {
			error = VOP_ACCESS(dvp, VWRITE, cnp->cn_cred);
			return error != 0 ? error : EJUSTRETURN;
		}
		return ENOENT;
	}
	error = vcache_get(dvp->v_mount, &ino, sizeof(ino), ap->a_vpp);
	if (error == ENOENT) {
		ffs_corrupt(dp->i_ump, "directory inode %llu: '%.*s' names "
		    "free inode %llu", (unsigned long long)dp->i_number,
		    (int)cnp->cn_namelen, cnp->cn_nameptr,
		    (unsigned long long)ino);
		error = EIO;
	}
	if (error == 0 && last && (op == DELETE || op == RENAME))
		error = ufs_lookup_delcheck(dvp, *ap->a_vpp, cnp->cn_cred);
	if (error != 0 && *ap->a_vpp != NULL) {
		vrele(*ap->a_vpp);
		*ap->a_vpp = NULL;
	}
	return error;
}
