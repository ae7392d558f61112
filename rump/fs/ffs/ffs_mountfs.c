/*
 * Mounting an FFS image: find the superblock at one of the standard
 * locations (either byte order), check every field against the device
 * size, and decide whether the features it uses allow this mount.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

static const int64_t ffs_sblocs[] = { SBLOCK_UFS1, SBLOCK_UFS2, SBLOCK_PIGGY };

/* a sane superblock at loc: *fs filled, host order; else why not */
static const char *
ffs_trysb(struct vnode *devvp, int64_t loc, uint64_t mediasize,
    struct fs *fs, bool *needswap)
{
	struct buf *bp = NULL;
	struct fs *raw;
	uint32_t magic;
	const char *why;

	if (mediasize != 0 && (uint64_t)loc + SBLOCKSIZE > mediasize)
		return "device too small";
	if (bread(devvp, loc / DEV_BSIZE, SBLOCKSIZE, 0, &bp) != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return "read error";
	}
	raw = bp->b_data;
	magic = (uint32_t)raw->fs_magic;
	if (magic == FS_UFS1_MAGIC || magic == FS_UFS2_MAGIC) {
		*needswap = false;
		memcpy(fs, raw, sizeof(*fs));
	} else if (magic == FS_UFS1_MAGIC_SWAPPED ||
	    magic == FS_UFS2_MAGIC_SWAPPED) {
		*needswap = true;
		ffs_sb_bswap(raw, fs);
	} else {
		brelse(bp, 0);
		return "no file system";
	}
	brelse(bp, 0);
	ffs_sb_compat_read(fs);
	if ((why = ffs_sbcheck(fs, mediasize, loc)) == NULL)
		why = ffs_sbcheck_counts(fs);
	return why;
}

/* features and state: may we mount as asked? */
static int
ffs_mount_policy(struct ufsmount *ump, int mntflag)
{
	struct fs *fs = ump->um_fs;
	bool ro = (mntflag & MNT_RDONLY) != 0;

	if (fs->fs_flags & ~FS_KNOWNFLAGS) {
		printf("ffs: %s: unknown feature flags %#x\n", ump->um_fspec,
		    fs->fs_flags & ~FS_KNOWNFLAGS);
		if (!ro)
			return EROFS;
	}
	if ((fs->fs_flags & FS_DOWAPBL) && !ro) {
		printf("ffs: %s: file system has a WAPBL log, which this "
		    "driver cannot replay; mount read-only\n", ump->um_fspec);
		return EROFS;
	}
	if ((fs->fs_flags & FS_SUJ) && !ro) {
		printf("ffs: %s: file system uses a soft-updates journal, "
		    "which this driver cannot replay; mount read-only\n",
		    ump->um_fspec);
		return EROFS;
	}
	if (fs->fs_snapinum[0] != 0 && !ro) {
		printf("ffs: %s: file system has snapshots, which this driver "
		    "does not maintain; mount read-only\n", ump->um_fspec);
		return EROFS;
	}
	if ((fs->fs_flags & FS_DOQUOTA2) && !ro) {
		printf("ffs: %s: file system has in-file-system quotas, which "
		    "this driver does not maintain; mount read-only\n",
		    ump->um_fspec);
		return EROFS;
	}
	if ((fs->fs_clean & FS_ISCLEAN) == 0 && !ro &&
	    (mntflag & MNT_FORCE) == 0) {
		printf("ffs: %s: file system not clean; run fsck_ffs or "
		    "mount read-only (or force)\n", ump->um_fspec);
		return EROFS;
	}
	return 0;
}

/* the per-group summary array, host order, each entry range-checked */
static int
ffs_readcsum(struct ufsmount *ump)
{
	struct fs *fs = ump->um_fs;
	struct buf *bp = NULL;
	int64_t total = ffs_fragroundup(fs, (int64_t)fs->fs_cssize), off, len;
	int64_t i, first, last, nb = fs->fs_fpg / fs->fs_frag;
	struct csum *cs;
	const uint8_t *p;
	int error;

	cs = kmem_zalloc(sizeof(*cs) * (size_t)fs->fs_ncg, KM_SLEEP);
	if (cs == NULL)
		return ENOMEM;
	ump->um_csum = cs;
	for (off = 0; off < total; off += fs->fs_bsize) {
		len = MIN(total - off, fs->fs_bsize);
		error = bread(ump->um_devvp, ffs_fsbtodb(fs, fs->fs_csaddr +
		    ffs_numfrags(fs, off)), (int)len, 0, &bp);
		if (error != 0) {
			if (bp != NULL)
				brelse(bp, 0);
			return error;
		}
		first = off / (int64_t)sizeof(struct csum);
		last = MIN(fs->fs_ncg, (off + len) / (int64_t)sizeof(*cs));
		for (i = first; i < last; i++) {
			p = (const uint8_t *)bp->b_data + (i - first) * 16;
			cs[i].cs_ndir = (int32_t)ufs_rd32(p, ump->um_needswap);
			cs[i].cs_nbfree = (int32_t)ufs_rd32(p + 4,
			    ump->um_needswap);
			cs[i].cs_nifree = (int32_t)ufs_rd32(p + 8,
			    ump->um_needswap);
			cs[i].cs_nffree = (int32_t)ufs_rd32(p + 12,
			    ump->um_needswap);
			if (cs[i].cs_ndir < 0 || cs[i].cs_nbfree < 0 ||
			    cs[i].cs_nbfree > nb || cs[i].cs_nifree < 0 ||
			    cs[i].cs_nifree > fs->fs_ipg ||
			    cs[i].cs_nffree < 0 ||
			    cs[i].cs_nffree > fs->fs_fpg) {
				brelse(bp, 0);
				printf("ffs: %s: bad summary for cylinder "
				    "group %lld\n", ump->um_fspec,
				    (long long)i);
				return EINVAL;
			}
		}
		brelse(bp, 0);
		bp = NULL;
	}
	return 0;
}

void
ffs_freemount(struct ufsmount *ump)
{
	if (ump->um_csum != NULL)
		kmem_free(ump->um_csum,
		    sizeof(struct csum) * (size_t)ump->um_fs->fs_ncg);
	mutex_destroy(&ump->um_lock);
	kmem_free(ump->um_fs, sizeof(struct fs));
	kmem_free(ump, sizeof(*ump));
}

/* going read-write: the superblock says "not clean" until unmount */
int
ffs_markdirty(struct ufsmount *ump, const char *path)
{
	struct fs *fs = ump->um_fs;

	ump->um_wasclean = (fs->fs_clean & FS_ISCLEAN) != 0;
	fs->fs_clean = 0;
	fs->fs_ronly = 0;
	fs->fs_fmod = 1;
	if (path != NULL) {
		memset(fs->fs_fsmnt, 0, sizeof(fs->fs_fsmnt));
		strlcpy((char *)fs->fs_fsmnt, path, sizeof(fs->fs_fsmnt));
	}
	ump->um_ronly = false;
	return ffs_sbupdate(ump, true);
}

int
ffs_policy(struct ufsmount *ump, int mntflag)
{
	return ffs_mount_policy(ump, mntflag);
}

static int
ffs_readsb(struct ufsmount *ump)
{
	const char *why = NULL, *w;
	size_t i;

	for (i = 0; i < __arraycount(ffs_sblocs); i++) {
		w = ffs_trysb(ump->um_devvp, ffs_sblocs[i], ump->um_mediasize,
		    ump->um_fs, &ump->um_needswap);
		if (w == NULL) {
			ump->um_sbloc = ffs_sblocs[i];
			return 0;
		}
		if (why == NULL || strcmp(why, "no file system") == 0 ||
		    strcmp(why, "device too small") == 0)
			why = w;
	}
	if (strcmp(why, "no file system") != 0)
		printf("ffs: %s: bad superblock: %s\n", ump->um_fspec, why);
	return EINVAL;
}

int
ffs_mountfs(struct vnode *devvp, struct mount *mp, const char *fspec,
    const char *path)
{
	struct ufsmount *ump;
	int error;

	if ((ump = kmem_zalloc(sizeof(*ump), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((ump->um_fs = kmem_zalloc(sizeof(struct fs), KM_SLEEP)) == NULL) {
		kmem_free(ump, sizeof(*ump));
		return ENOMEM;
	}
	strlcpy(ump->um_fspec, fspec, sizeof(ump->um_fspec));
	ump->um_devvp = devvp;
	ump->um_mountp = mp;
	ump->um_mediasize = genfs_devsize(devvp);
	mutex_init(&ump->um_lock, MUTEX_DEFAULT, IPL_NONE);
	ump->um_ronly = true;
	if ((error = ffs_readsb(ump)) != 0 ||
	    (error = ffs_mount_policy(ump, mp->mnt_flag)) != 0) {
		ffs_freemount(ump);
		return error;
	}
	/* only allocation needs the summaries: a read-only mount goes on */
	if ((error = ffs_readcsum(ump)) != 0 &&
	    (mp->mnt_flag & MNT_RDONLY) == 0) {
		ffs_freemount(ump);
		return error;
	}
	ump->um_ufs2 = ffs_is_ufs2(ump->um_fs);
	ump->um_oldfmt = !ump->um_ufs2 &&
	    ump->um_fs->fs_old_inodefmt < FS_44INODEFMT;
	ump->um_maxsymlinklen = ump->um_fs->fs_maxsymlinklen;
	ump->um_ninodes = (uint64_t)ump->um_fs->fs_ncg *
	    (uint64_t)ump->um_fs->fs_ipg;
	ump->um_fs->fs_ronly = 1;
	ump->um_fs->fs_fmod = 0;
	if ((mp->mnt_flag & MNT_RDONLY) == 0 &&
	    (error = ffs_markdirty(ump, path)) != 0) {
		ffs_freemount(ump);
		return error;
	}
	mp->mnt_data = ump;
	mp->mnt_flag |= MNT_LOCAL;
	mp->mnt_fs_bshift = ump->um_fs->fs_bshift;
	mp->mnt_dev_bshift = DEV_BSHIFT;
	mp->mnt_stat.f_namemax = UFS_MAXNAMLEN;
	strlcpy(mp->mnt_stat.f_mntfromname, fspec,
	    sizeof(mp->mnt_stat.f_mntfromname));
	return 0;
}
