/*
 * Mounting an image: which session (cd9660_session.c: the newest by
 * default, "session=N"), which of its volume descriptors (the primary
 * one; a Joliet supplementary one when the primary tree has no Rock
 * Ridge, unless "nojoliet"), and whether Rock Ridge is in use (an SP
 * entry in the root's "." record, with an ER naming RRIP or Rock Ridge
 * entries beside it, unless "norrip").  The root must load before the
 * mount succeeds.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/kmem.h>
#include <sys/genfs.h>

#include "cd9660.h"

/* does the tree under root record r use Rock Ridge? */
static int
mount_rrip(struct cd9660_mount *imp, const struct iso_drec *root,
    uint8_t *sec, bool *rrp)
{
	const char *why = NULL;
	struct cd9660_rr rr;
	struct iso_drec dot;
	uint64_t lba = (uint64_t)root->dr_extent + root->dr_xar;
	int error;

	*rrp = false;
	if ((error = cd9660_readsec(imp, lba, sec)) != 0)
		return error;
	if (cd9660_drec_parse(sec, ISO_SECSIZE, 0, &dot, &why) != 0)
		return cd9660_corrupt(imp, lba << ISO_SECSHIFT,
		    why != NULL ? why : "root directory without '.'");
	memset(&rr, 0, sizeof(rr));
	imp->im_skip = 0;
	if ((error = cd9660_rrwalk(imp, &dot, lba << ISO_SECSHIFT,
	    sec + ISO_SECSIZE, &rr)) != 0)
		return error;
	if (!(rr.rr_have & RR_SP))
		return 0;
	imp->im_skip = rr.rr_skip;
	*rrp = (rr.rr_have & (RR_ER | RR_PX | RR_TF | RR_NM)) != 0;
	return 0;
}

/* choose the tree and its naming; set the root */
static int
mount_tree(struct cd9660_mount *imp, const struct cd9660_vdset *vs,
    uint8_t *sec)
{
	const char *why = NULL;
	struct iso_drec root;
	bool rr = false;
	int error;

	if (cd9660_drec_parse(vs->vs_proot, ISO_DR_MIN, 0, &root, &why) != 0)
		return cd9660_corrupt(imp, 0, "bad root directory record");
	if (!cd9660_extent_ok(imp, root.dr_extent + root.dr_xar,
	    root.dr_size) || !(root.dr_flags & ISO_DRF_DIR))
		return cd9660_corrupt(imp, 0, "root directory outside the "
		    "image");
	if (!(imp->im_flags & CD9660_ARG_NORRIP) &&
	    (error = mount_rrip(imp, &root, sec, &rr)) != 0)
		return error;
	imp->im_names = rr ? CD9660_RRIP : CD9660_PLAIN;
	if (!rr && vs->vs_joliet && !(imp->im_flags & CD9660_ARG_NOJOLIET)) {
		if (cd9660_drec_parse(vs->vs_jroot, ISO_DR_MIN, 0, &root,
		    &why) != 0 || !cd9660_extent_ok(imp, root.dr_extent +
		    root.dr_xar, root.dr_size))
			return cd9660_corrupt(imp, 0,
			    "bad Joliet root directory record");
		imp->im_names = CD9660_JOLIET;
	}
	imp->im_skip = rr ? imp->im_skip : 0;
	imp->im_rootino = (ino_t)(root.dr_extent + root.dr_xar) <<
	    ISO_SECSHIFT;
	return 0;
}

static int
mount_root_check(struct mount *mp, struct cd9660_mount *imp)
{
	struct vnode *vp;
	int error;

	if ((error = genfs_vget(mp, imp->im_rootino, 0, &vp)) != 0)
		return error;
	error = vp->v_type == VDIR ? 0 : cd9660_corrupt(imp,
	    imp->im_rootino, "root is not a directory");
	vrele(vp);
	return error;
}

int
cd9660_mountfs(struct vnode *devvp, struct mount *mp,
    const struct cd9660_args *args, const char *fspec)
{
	struct cd9660_mount *imp;
	struct cd9660_vdset vs;
	uint64_t start = 0;
	uint8_t *sec;
	int error;

	if ((imp = kmem_zalloc(sizeof(*imp), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((sec = kmem_alloc(2 * ISO_SECSIZE, KM_SLEEP)) == NULL) {
		kmem_free(imp, sizeof(*imp));
		return ENOMEM;
	}
	strlcpy(mp->mnt_stat.f_mntfromname, fspec,
	    sizeof(mp->mnt_stat.f_mntfromname));
	imp->im_mp = mp;
	imp->im_devvp = devvp;
	imp->im_devmode = FREAD;
	imp->im_flags = args->ca_flags;
	imp->im_nsec = genfs_devsize(devvp) >> ISO_SECSHIFT;
	error = cd9660_session(imp, args->ca_session, sec, &start);
	if (error == 0)
		error = cd9660_vdset_read(imp, start, sec, &vs, false);
	if (error == 0)
		error = mount_tree(imp, &vs, sec);
	kmem_free(sec, 2 * ISO_SECSIZE);
	if (error == ENOENT) {
		printf("cd9660: %s: no ISO 9660 file system\n", fspec);
		error = EINVAL;
	}
	if (error != 0) {
		kmem_free(imp, sizeof(*imp));
		return error;
	}
	imp->im_volspace = vs.vs_volspace;
	mp->mnt_data = imp;
	mp->mnt_flag |= MNT_LOCAL | MNT_RDONLY;
	mp->mnt_fs_bshift = ISO_SECSHIFT;
	mp->mnt_dev_bshift = DEV_BSHIFT;
	if ((error = mount_root_check(mp, imp)) != 0) {
		(void)vflush(mp, NULL, FORCECLOSE);
		mp->mnt_data = NULL;
		kmem_free(imp, sizeof(*imp));
	}
	return error;
}
