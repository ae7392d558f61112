/*
 * Name lookup in a directory: a linear scan of its blocks, or of the
 * blocks a large directory's in-memory index names (ext2fs_dirhash.c;
 * hashed directories read as linear ones: their on-disk index blocks
 * look like empty records), every record checked by ext2fs_dirent_parse,
 * entries with bad names never matched, and VOP_LOOKUP with its
 * permission rules on top.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/genfs_name.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "ext2fs.h"
#include "ext2fs_dir.h"

int
ext2fs_blkread(struct vnode *vp, uint64_t lbn, struct buf **bpp)
{
	struct inode *ip = VTOI(vp);

	return bread(vp, (daddr_t)lbn, (int)ip->i_e2fs->e2fs_bsize, 0, bpp);
}

/* Report a malformed directory record and return EIO. */
static int
dir_bad(struct inode *dp, uint64_t off, const char *why)
{
	char msg[96];

	snprintf(msg, sizeof(msg), "directory offset %llu: %s",
	    (unsigned long long)off, why);
	return ext2fs_corrupt(dp, msg);
}

bool
ext2fs_dent_hidden(struct inode *dp, const struct ext2fs_dent *de,
    uint64_t off, unsigned idx)
{
	const char *why = ext2fs_dirent_namecheck(de, idx);
	char msg[96];

	if (why == NULL)
		return false;
	/* every readdir and lookup meets it again: say it once */
	if (atomic_cas_uint(&dp->i_badent, 0, 1) == 0) {
		snprintf(msg, sizeof(msg), "directory offset %llu: %s "
		    "(entry hidden)", (unsigned long long)off, why);
		(void)ext2fs_corrupt(dp, msg);
	}
	return true;
}

/* the entry named name in block lbn of dvp: 0 and *sl, or ENOENT */
static int
dirfind_block(struct vnode *dvp, uint64_t lbn, const char *name,
    size_t namelen, struct ext2fs_slot *sl)
{
	struct inode *dp = VTOI(dvp);
	struct m_ext2fs *fs = dp->i_e2fs;
	bool ftype = E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_FTYPE);
	uint64_t base = lbn << fs->e2fs_bshift;
	unsigned idx = lbn == 0 ? 0 : 2;
	struct ext2fs_dent de;
	const char *why;
	struct buf *bp;
	uint32_t off, prev;
	int error;

	if ((error = ext2fs_blkread(dvp, lbn, &bp)) != 0)
		return error;
	for (off = prev = 0; off < fs->e2fs_bsize;
	    prev = off, off += de.de_reclen, idx += idx < 2) {
		if (ext2fs_dirent_parse(bp->b_data, fs->e2fs_bsize, off, ftype,
		    &de, &why) != 0) {
			brelse(bp, 0);
			return dir_bad(dp, base + off, why);
		}
		if (de.de_ino == 0 || de.de_namlen != namelen ||
		    memcmp(de.de_name, name, namelen) != 0 ||
		    ext2fs_dent_hidden(dp, &de, base + off, idx))
			continue;
		brelse(bp, 0);
		if (de.de_ino > fs->e2fs_icount)
			return dir_bad(dp, base + off,
			    "inode number out of range");
		sl->sl_off = (uint32_t)(base + off);
		sl->sl_prevoff = (uint32_t)(base + prev);
		sl->sl_ino = de.de_ino;
		sl->sl_type = de.de_type;
		return 0;
	}
	brelse(bp, 0);
	return ENOENT;
}

/*
 * A large directory's index names the blocks that may hold the name (none:
 * it is not there); a small one, and "." and "..", are scanned.
 */
int
ext2fs_dirfind(struct vnode *dvp, const char *name, size_t namelen,
    struct ext2fs_slot *sl)
{
	struct inode *dp = VTOI(dvp);
	uint64_t lbn, off, nblk = dp->i_size >> dp->i_e2fs->e2fs_bshift;
	uint64_t last = UINT64_MAX;
	struct genfs_dirhash *dh = NULL;
	size_t pos = 0;
	int error;

	if (!genfs_name_isdot(name, namelen))
		dh = ext2fs_dirhash(dp);
	if (dh == NULL) {
		for (lbn = 0; lbn < nblk; lbn++)
			if ((error = dirfind_block(dvp, lbn, name, namelen,
			    sl)) != ENOENT)
				return error;
		return ENOENT;
	}
	while (genfs_dirhash_next(dh, name, namelen, &pos, &off)) {
		lbn = off >> dp->i_e2fs->e2fs_bshift;
		if (lbn == last || lbn >= nblk)
			continue;
		last = lbn;
		if ((error = dirfind_block(dvp, lbn, name, namelen, sl)) !=
		    ENOENT)
			return error;
	}
	return ENOENT;
}

int
ext2fs_accessx(struct vnode *vp, int mode, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);

	if (mode & VWRITE) {
		switch (vp->v_type) {
		case VDIR: case VLNK: case VREG:
			if (ip->i_e2fs->e2fs_ronly)
				return EROFS;
			break;
		default:
			break;
		}
		if (ip->i_flags & EXT2_IMMUTABLE_FL)
			return EPERM;
	}
	return genfs_can_access(vp, cred, ip->i_uid, ip->i_gid,
	    ip->i_mode & ALLPERMS, mode);
}

int
ext2fs_access(struct vop_access_args *ap)
{
	return ext2fs_accessx(ap->a_vp, ap->a_mode, ap->a_cred);
}

/* Load the vnode a directory entry names; a dangling entry is EIO. */
static int
load_entry(struct vnode *dvp, uint32_t ino, struct vnode **vpp)
{
	ino_t key = ino;
	int error;

	error = vcache_get(dvp->v_mount, &key, sizeof(key), vpp);
	if (error == ENOENT)
		error = ext2fs_corrupt(VTOI(dvp),
		    "directory entry names a free inode");
	return error;
}

int
ext2fs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp;
	struct componentname *cnp = ap->a_cnp;
	struct inode *dp = VTOI(dvp);
	kauth_cred_t cred = cnp->cn_cred;
	bool last = (cnp->cn_flags & ISLASTCN) != 0;
	uint32_t op = cnp->cn_nameiop;
	struct ext2fs_slot sl;
	int error;

	*ap->a_vpp = NULL;
	if (dvp->v_type != VDIR)
		return ENOTDIR;
	if ((error = ext2fs_accessx(dvp, VEXEC, cred)) != 0)
		return error;
	if (last && (op == DELETE || op == RENAME) && dp->i_e2fs->e2fs_ronly)
		return EROFS;
	if (cnp->cn_namelen > E2FS_MAXNAMLEN)
		return ENAMETOOLONG;
	if (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') {
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	error = ext2fs_dirfind(dvp, cnp->cn_nameptr, cnp->cn_namelen, &sl);
	if (error == ENOENT) {
		if (!last || (op != CREATE && op != RENAME))
			return ENOENT;
		if (dp->i_e2fs->e2fs_ronly)
			return EROFS;
		if (dp->i_nlink == 0)
			return ENOENT;	/* removed directory */
		error = ext2fs_accessx(dvp, VWRITE, cred);
		return error ? error : EJUSTRETURN;
	}
	if (error)
		return error;
	if (last && (op == DELETE || op == RENAME)) {
		if ((error = ext2fs_accessx(dvp, VWRITE, cred)) != 0)
			return error;
	}
	if ((error = load_entry(dvp, sl.sl_ino, &vp)) != 0)
		return error;
	if (last && (op == DELETE || op == RENAME) &&
	    (dp->i_mode & S_ISVTX) && vp != dvp) {
		error = genfs_can_sticky(dvp, vp, cred, dp->i_uid,
		    VTOI(vp)->i_uid);
		if (error) {
			vrele(vp);
			return error;
		}
	}
	*ap->a_vpp = vp;
	return 0;
}
