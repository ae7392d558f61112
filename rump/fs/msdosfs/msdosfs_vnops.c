/*
 * The vnode operations table and the VOPs about attributes and the life
 * of a vnode: getattr, setattr, readdir, pathconf, inactive, reclaim,
 * fsync.  FAT keeps no owners or modes: every file belongs to the
 * mount's -u/-g and shows its -m/-M bits; the read-only attribute
 * takes the write bits away.  chmod sets or clears that attribute from
 * the owner's write bit and ignores the rest (as NetBSD does); chown to
 * anything but the mount's ids is EPERM.  The access date is set by
 * utimes only: a read, under a shared lock, never rewrites the entry.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/fcntl.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/kmem.h>
#include <sys/dirent.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "msdosfs.h"

int lf_advlock(struct vop_advlock_args *, struct lockf **, off_t);

static struct timespec
dos_ts(const struct denode *dep, int doff, int toff)
{
	struct timespec ts;

	ts.tv_sec = msdosfs_dos2unix(msdosfs_le16(dep->de_ent + doff),
	    toff < 0 ? 0 : msdosfs_le16(dep->de_ent + toff),
	    dep->de_pmp->pm_gmtoff);
	ts.tv_nsec = 0;
	return ts;
}

int
msdosfs_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	struct vattr *va = ap->a_vap;
	uint64_t cl = pmp->pm_g.g_clsize;
	unsigned cs = dep->de_ent[DE_CTIME_CS];

	memset(va, 0, sizeof(*va));
	va->va_type = vp->v_type;
	if (DE_ISDIR(dep))
		va->va_mode = pmp->pm_dirmask & ACCESSPERMS;
	else {
		va->va_mode = pmp->pm_mask & ACCESSPERMS;
		if (dep->de_ent[DE_ATTR] & ATTR_READONLY)
			va->va_mode &= ~(uint32_t)(S_IWUSR | S_IWGRP | S_IWOTH);
	}
	va->va_nlink = 1;
	va->va_uid = pmp->pm_uid;
	va->va_gid = pmp->pm_gid;
	va->va_fsid = vp->v_mount->mnt_stat.f_fsid;
	va->va_fileid = dep->de_ino;
	va->va_size = dep->de_size;
	va->va_blocksize = pmp->pm_g.g_clsize;
	if (!DE_ISROOT(dep)) {
		va->va_mtime = dos_ts(dep, DE_MDATE, DE_MTIME);
		va->va_atime = dos_ts(dep, DE_ADATE, -1);
		va->va_birthtime = dos_ts(dep, DE_CDATE, DE_CTIME);
		if (cs < 200) {	/* hundredths of the 2-second unit */
			va->va_birthtime.tv_sec += cs / 100;
			va->va_birthtime.tv_nsec = (long)(cs % 100) * 10000000;
		}
	}
	/* no change time on FAT: the modification time stands in */
	va->va_ctime = va->va_mtime;
	va->va_bytes = (int64_t)((dep->de_size + cl - 1) / cl * cl);
	return 0;
}

static int
set_owner(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct msdosfsmount *pmp = VTODE(vp)->de_pmp;
	uid_t uid = va->va_uid == (uint32_t)VNOVAL ? pmp->pm_uid : va->va_uid;
	gid_t gid = va->va_gid == (uint32_t)VNOVAL ? pmp->pm_gid : va->va_gid;
	int error;

	error = genfs_can_chown(vp, cred, pmp->pm_uid, pmp->pm_gid, uid, gid);
	if (error == 0 && (uid != pmp->pm_uid || gid != pmp->pm_gid))
		error = EPERM;		/* FAT cannot hold an owner */
	return error;
}

static int
set_mode(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	int error;

	error = genfs_can_chmod(vp, cred, pmp->pm_uid, pmp->pm_gid,
	    va->va_mode & ALLPERMS);
	if (error || DE_ISDIR(dep))
		return error;
	if (va->va_mode & S_IWUSR)
		dep->de_ent[DE_ATTR] &= (uint8_t)~ATTR_READONLY;
	else
		dep->de_ent[DE_ATTR] |= ATTR_READONLY;
	dep->de_flag |= DE_MODIFIED;
	return 0;
}

static int
set_times(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	uint16_t d, t;
	int error;

	if (DE_ISROOT(dep))
		return 0;	/* the root has no entry to keep them in */
	error = genfs_can_chtimes(vp, cred, pmp->pm_uid, va->va_vaflags);
	if (error)
		return error;
	if (va->va_mtime.tv_sec != VNOVAL) {
		msdosfs_unix2dos(va->va_mtime.tv_sec, pmp->pm_gmtoff, &d, &t);
		msdosfs_setle16(dep->de_ent + DE_MTIME, t);
		msdosfs_setle16(dep->de_ent + DE_MDATE, d);
		dep->de_flag &= ~DE_UPDATE;
		if (!DE_ISDIR(dep))
			dep->de_ent[DE_ATTR] |= ATTR_ARCHIVE;
	}
	if (va->va_atime.tv_sec != VNOVAL) {
		msdosfs_unix2dos(va->va_atime.tv_sec, pmp->pm_gmtoff, &d, &t);
		msdosfs_setle16(dep->de_ent + DE_ADATE, d);
		dep->de_flag &= ~DE_ACCESS;
	}
	if (va->va_birthtime.tv_sec != VNOVAL) {
		msdosfs_unix2dos(va->va_birthtime.tv_sec, pmp->pm_gmtoff, &d,
		    &t);
		msdosfs_setle16(dep->de_ent + DE_CTIME, t);
		msdosfs_setle16(dep->de_ent + DE_CDATE, d);
		dep->de_ent[DE_CTIME_CS] = 0;
	}
	dep->de_flag |= DE_MODIFIED;
	return 0;
}

/* What a SETATTR asks for, as a mask. */
#define VA_SIZE		0x01
#define VA_OWNER	0x02
#define VA_MODE		0x04
#define VA_TIMES	0x08
static int
va_wants(const struct vattr *va)
{
	return (va->va_size != VNOVAL ? VA_SIZE : 0) |
	    (va->va_uid != (uint32_t)VNOVAL || va->va_gid != (uint32_t)VNOVAL ?
	    VA_OWNER : 0) |
	    (va->va_mode != (uint32_t)VNOVAL ? VA_MODE : 0) |
	    (va->va_atime.tv_sec != VNOVAL || va->va_mtime.tv_sec != VNOVAL ||
	    va->va_birthtime.tv_sec != VNOVAL ? VA_TIMES : 0);
}

static int
set_size(struct vnode *vp, struct vattr *va)
{
	bool truncate;
	int error;

	error = genfs_setsize_type(vp, &truncate);
	if (error == 0 && truncate)
		error = msdosfs_truncate(VTODE(vp), (uint64_t)va->va_size);
	return error;
}

int
msdosfs_setattr(struct vop_setattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct vattr *va = ap->a_vap;
	struct denode *dep = VTODE(vp);
	int wants = va_wants(va), error, e;

	/* no type change, no file flags on FAT */
	if (va->va_type != VNON && va->va_type != VNOVAL)
		return EINVAL;
	if (va->va_flags != (uint32_t)VNOVAL)
		return EOPNOTSUPP;
	if (wants == 0)
		return 0;
	error = msdosfs_writable(dep->de_pmp);
	if (error == 0 && (wants & VA_SIZE))
		error = set_size(vp, va);
	if (error == 0 && (wants & VA_OWNER))
		error = set_owner(vp, va, ap->a_cred);
	if (error == 0 && (wants & VA_MODE))
		error = set_mode(vp, va, ap->a_cred);
	if (error == 0 && (wants & VA_TIMES))
		error = set_times(vp, va, ap->a_cred);
	/* what was set before a failure stays set: write it */
	e = msdosfs_deupdate(dep, false);
	return error ? error : e;
}

static int
emit(struct uio *uio, ino_t ino, const char *name, size_t len, int type,
    off_t next)
{
	int error;

	error = genfs_dirent_emit(uio, ino, name, len, type, next);
	if (error == 0)
		uio->uio_offset = next;
	return error;
}

/*
 * Cookies: 0 is ".", 1 is "..", 2 + n the name whose short entry is
 * slot n (the root has no "." and ".." entries; other directories'
 * are skipped, so both look alike).
 */
static int
readdir_dots(struct denode *dep, struct uio *uio, int *np)
{
	ino_t pino;
	int error = 0;

	if (uio->uio_offset == 0) {
		error = emit(uio, dep->de_ino, ".", 1, DT_DIR, 1);
		if (error == 0)
			(*np)++;
	}
	if (error == 0 && uio->uio_offset == 1) {
		if ((error = msdosfs_parent_ino(dep, &pino)) != 0)
			return error;
		error = emit(uio, pino, "..", 2, DT_DIR, 2);
		if (error == 0)
			(*np)++;
	}
	return error;
}

static int
readdir_names(struct denode *dep, struct uio *uio, struct msdosfs_dirent *dn,
    int *np)
{
	char name[MSDOSFS_NAMEMAX + 1];
	struct msdosfs_dirscan ds;
	size_t len;
	int error;

	msdosfs_dirscan_init(&ds, dep, (uint32_t)(uio->uio_offset - 2));
	while ((error = msdosfs_dirscan_next(&ds, dn)) == 0) {
		if (msdosfs_isdots(dn->dn_ent))
			continue;	/* "." and "..", done above */
		if ((len = msdosfs_dirent_name(dn, dep->de_pmp, name)) == 0)
			continue;
		error = emit(uio, msdosfs_ent_ino(dep->de_pmp, dn->dn_ent,
		    dn->dn_off), name, len,
		    (dn->dn_ent[DE_ATTR] & ATTR_DIRECTORY) ? DT_DIR : DT_REG,
		    (off_t)dn->dn_idx + 3);
		if (error)
			break;
		(*np)++;
	}
	msdosfs_dirscan_done(&ds);
	return error;
}

int
msdosfs_readdir(struct vop_readdir_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct uio *uio = ap->a_uio;
	struct msdosfs_dirent *dn;
	int error, n = 0;
	bool eof = false;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (uio->uio_offset < 0 || uio->uio_offset > (off_t)UINT32_MAX)
		return EINVAL;
	if (ap->a_eofflag)
		*ap->a_eofflag = 0;
	error = readdir_dots(VTODE(vp), uio, &n);
	if (error == 0) {
		if ((dn = kmem_alloc(sizeof(*dn), KM_SLEEP)) == NULL)
			return ENOMEM;
		error = readdir_names(VTODE(vp), uio, dn, &n);
		kmem_free(dn, sizeof(*dn));
		if (error == ENOENT) {
			eof = true;
			error = 0;
		}
	}
	error = genfs_dirent_end(error, n);
	if (error == 0 && eof && ap->a_eofflag)
		*ap->a_eofflag = 1;
	return error;
}

int
msdosfs_inactive(struct vop_inactive_args *ap)
{
	struct denode *dep = VTODE(ap->a_vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	int error = 0;

	*ap->a_recycle = false;
	if (dep->de_flag & DE_REMOVED) {
		/* the entry went in remove or rename: now the clusters,
		 * and the buffers nobody can read any more */
		(void)vtruncbuf(ap->a_vp, 0, false, 0);
		dep->de_size = 0;
		ap->a_vp->v_size = 0;
		if (dep->de_startcl != 0 && msdosfs_writable(pmp) == 0)
			error = msdosfs_chain_free(pmp, dep->de_startcl);
		dep->de_startcl = 0;
		*ap->a_recycle = true;
		return error;
	}
	return msdosfs_deupdate(dep, false);
}

int
msdosfs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct denode *dep = VTODE(vp);

	if (!(dep->de_flag & DE_REMOVED))
		(void)msdosfs_deupdate(dep, false);
	vp->v_data = NULL;
	msdosfs_denode_free(dep);
	return 0;
}

int
msdosfs_fsync(struct vop_fsync_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	bool wait = (ap->a_flags & FSYNC_WAIT) != 0;
	int error, flag = 1;

	if (pmp->pm_ronly)
		return 0;
	error = vflushbuf(vp, wait ? FSYNC_WAIT : 0);
	if (error == 0 && !wait)
		return msdosfs_deupdate(dep, false);
	/*
	 * The data, then the FAT naming its clusters (in the device's
	 * buffers), then the entry naming the chain: a crash in between
	 * leaves lost clusters, which fsck.fat frees, never an entry
	 * whose clusters it would cut off.
	 */
	if (error == 0)
		error = vflushbuf(pmp->pm_devvp, FSYNC_WAIT);
	if (error == 0)
		error = msdosfs_deupdate(dep, true);
	if (error == 0)
		(void)VOP_IOCTL(pmp->pm_devvp, DIOCCACHESYNC, &flag, FWRITE,
		    NOCRED);
	return error;
}

static int
msdosfs_open(struct vop_open_args *ap)
{
	(void)ap;
	return 0;
}

static int
msdosfs_close(struct vop_close_args *ap)
{
	(void)ap;
	return 0;
}

static int
msdosfs_pathconf(struct vop_pathconf_args *ap)
{
	struct msdosfsmount *pmp = VTODE(ap->a_vp)->de_pmp;
	const struct genfs_pathconf pc = {
		.pc_link_max = 1,
		.pc_name_max = (pmp->pm_flags & (MSDOSFSMNT_SHORTNAME |
		    MSDOSFSMNT_NOWIN95)) ? 12 : MSDOSFS_NAMEMAX,
		.pc_symlink_max = 0,
		.pc_pipe_buf = 512,
		.pc_filesize_bits = 33,	/* 4 GiB - 1, signed */
	};

	return genfs_pathconf(ap, &pc);
}

static int
msdosfs_print(struct vop_print_args *ap)
{
	struct denode *dep = VTODE(ap->a_vp);

	printf("msdosfs inode %llu cluster %u size %u attr 0x%x\n",
	    (unsigned long long)dep->de_ino, dep->de_startcl, dep->de_size,
	    dep->de_ent[DE_ATTR]);
	return 0;
}

static int
msdosfs_advlock(struct vop_advlock_args *ap)
{
	return lf_advlock(ap, &ap->a_vp->v_lockf,
	    (off_t)VTODE(ap->a_vp)->de_size);
}

/* No hard links, symbolic links or special files on FAT. */
static int
msdosfs_link(struct vop_link_args *ap)
{
	(void)ap;
	return EPERM;
}

static int
msdosfs_symlink(struct vop_symlink_args *ap)
{
	(void)ap;
	return EPERM;
}

static int
msdosfs_mknod(struct vop_mknod_args *ap)
{
	struct vop_create_args ca = {
		.a_dvp = ap->a_dvp, .a_vpp = ap->a_vpp, .a_cnp = ap->a_cnp,
		.a_vap = ap->a_vap
	};

	if (ap->a_vap->va_type != VREG)
		return EPERM;
	return msdosfs_create(&ca);
}

const struct vnodeops msdosfs_vnodeops = {
	.vop_lookup = msdosfs_lookup,
	.vop_create = msdosfs_create,
	.vop_mknod = msdosfs_mknod,
	.vop_mkdir = msdosfs_mkdir,
	.vop_symlink = msdosfs_symlink,
	.vop_open = msdosfs_open,
	.vop_close = msdosfs_close,
	.vop_access = msdosfs_access,
	.vop_getattr = msdosfs_getattr,
	.vop_setattr = msdosfs_setattr,
	.vop_read = msdosfs_read,
	.vop_write = msdosfs_write,
	.vop_fsync = msdosfs_fsync,
	.vop_seek = genfs_seek,
	.vop_remove = msdosfs_remove,
	.vop_link = msdosfs_link,
	.vop_rename = msdosfs_rename,
	.vop_rmdir = msdosfs_rmdir,
	.vop_readdir = msdosfs_readdir,
	.vop_inactive = msdosfs_inactive,
	.vop_reclaim = msdosfs_reclaim,
	.vop_bmap = msdosfs_bmap,
	.vop_strategy = genfs_strategy,
	.vop_print = msdosfs_print,
	.vop_pathconf = msdosfs_pathconf,
	.vop_advlock = msdosfs_advlock,
};
