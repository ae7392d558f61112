/*
 * VOP_LOOKUP: a walk over the directory's entries (cd9660_dir.c) for
 * the name as readdir shows it; "rrcaseins" compares Rock Ridge names
 * ignoring ASCII case.  Nothing can be created, removed or renamed: the
 * last component of such a lookup gets EROFS.  A directory found must
 * name the one it was found in as its parent ('..', or Rock Ridge's PL
 * for a relocated one): a record or CL entry naming an ancestor would
 * make a loop, and is EIO instead.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/namei.h>
#include <sys/kmem.h>
#include <sys/atomic.h>
#include <sys/genfs.h>

#include "cd9660.h"

static bool
lookup_same(const struct cd9660_mount *imp, const struct cd9660_dent *de,
    const char *name, size_t len)
{
	size_t i;
	char a, b;

	if (de->de_namlen != len)
		return false;
	if (imp->im_names != CD9660_RRIP ||
	    !(imp->im_flags & CD9660_ARG_RRCASEINS))
		return memcmp(de->de_name, name, len) == 0;
	for (i = 0; i < len; i++) {
		a = de->de_name[i];
		b = name[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* the entry called name; ENOENT if none */
static int
lookup_find(struct cd9660_node *dp, const char *name, size_t len,
    struct cd9660_dent *de)
{
	struct cd9660_diter di;
	uint64_t off = 0;
	int error;

	if ((error = cd9660_diter_init(&di, dp)) != 0)
		return error;
	while ((error = cd9660_diter_next(&di, off, de)) == 0) {
		if (!de->de_hidden && lookup_same(dp->in_imp, de, name, len))
			break;
		off = de->de_next;
	}
	cd9660_diter_done(&di);
	return error;
}

/* the node an entry names, a directory checked against its parent */
static int
lookup_load(struct vnode *dvp, const struct cd9660_dent *de,
    struct vnode **vpp)
{
	struct cd9660_node *dp = VTOI(dvp), *ip;
	ino_t ino = de->de_ino;
	int error;

	error = vcache_get(dvp->v_mount, &ino, sizeof(ino), vpp);
	if (error == ENOENT)
		error = EIO;
	if (error != 0)
		return error;
	if (de->de_type != DT_DIR)
		return 0;
	ip = (*vpp)->v_type == VDIR ? VTOI(*vpp) : NULL;
	/*
	 * The root, or the directory itself, under a name: a loop that
	 * '..' cannot show (the root's '..' is the root, and so is a
	 * directory's that libisofs wrote).
	 */
	if (ip == dp || ((*vpp)->v_vflag & VV_ROOT)) {
		vrele(*vpp);
		*vpp = NULL;
		return cd9660_corrupt(dp->in_imp, ino,
		    "directory that contains itself or the root");
	}
	/* the first directory to name it is its parent: racers agree */
	if (ip != NULL && ip->in_parent == 0 && ip != dp)
		(void)atomic_cas_uint(&ip->in_parent, 0,
		    (uint32_t)(dp->in_number >> ISO_SECSHIFT));
	if (ip == NULL || ip->in_parent != dp->in_number >> ISO_SECSHIFT) {
		vrele(*vpp);
		*vpp = NULL;
		return cd9660_corrupt(dp->in_imp, ino, de->de_reloc ?
		    "relocated directory whose PL is elsewhere (a loop?)" :
		    "directory whose '..' is elsewhere (a loop?)");
	}
	return 0;
}

static int
lookup_dotdot(struct vnode *dvp, struct vnode **vpp)
{
	struct cd9660_node *dp = VTOI(dvp);
	ino_t ino = (ino_t)dp->in_parent << ISO_SECSHIFT;
	int error;

	if (dvp->v_vflag & VV_ROOT) {
		vref(dvp);
		*vpp = dvp;
		return 0;
	}
	if (dp->in_parent == 0)
		return ENOENT;	/* not reached through a lookup: unknown */
	error = vcache_get(dvp->v_mount, &ino, sizeof(ino), vpp);
	if (error == 0 && (*vpp)->v_type != VDIR) {
		vrele(*vpp);
		*vpp = NULL;
		error = ENOENT;
	}
	if (error == ENOENT)
		error = cd9660_corrupt(dp->in_imp, dp->in_number,
		    "'..' names no directory");
	return error;
}

int
cd9660_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct cd9660_node *dp = VTOI(dvp);
	bool last = (cnp->cn_flags & ISLASTCN) != 0;
	uint32_t op = cnp->cn_nameiop;
	struct cd9660_dent *de;
	int error;

	*ap->a_vpp = NULL;
	if (dvp->v_type != VDIR)
		return ENOTDIR;
	if ((error = genfs_can_access(dvp, cnp->cn_cred, dp->in_uid,
	    dp->in_gid, dp->in_mode & ALLPERMS, VEXEC)) != 0)
		return error;
	if (last && (op == DELETE || op == RENAME))
		return EROFS;
	if (cnp->cn_namelen > RR_NAMEMAX)
		return ENAMETOOLONG;
	if (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') {
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	if (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.')
		return lookup_dotdot(dvp, ap->a_vpp);
	if ((de = kmem_alloc(sizeof(*de), KM_SLEEP)) == NULL)
		return ENOMEM;
	error = lookup_find(dp, cnp->cn_nameptr, cnp->cn_namelen, de);
	if (error == 0)
		error = lookup_load(dvp, de, ap->a_vpp);
	kmem_free(de, sizeof(*de));
	if (error == ENOENT && last && op == CREATE)
		error = EROFS;
	return error;
}
