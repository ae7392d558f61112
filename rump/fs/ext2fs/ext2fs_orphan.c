/*
 * The orphan list: inodes with no links left but still in use.  On disk
 * it is a chain from s_last_orphan through each inode's dtime field, so
 * that after a crash e2fsck or the next mount frees them.  In core every
 * member is a live vnode on um_orphans in the same order, head first.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "ext2fs.h"

void
ext2fs_orphan_add(struct inode *ip)
{
	struct ext2fs_mount *ump = ip->i_ump;
	struct m_ext2fs *fs = ump->um_e2fs;

	if (fs->e2fs_ronly)
		return;
	mutex_enter(&ump->um_lock);
	if (ip->i_flag & IN_ORPHAN) {
		mutex_exit(&ump->um_lock);
		return;
	}
	ip->i_din.ic_dtime = fs->e2fs_last_orphan;
	fs->e2fs_last_orphan = (uint32_t)ip->i_number;
	fs->e2fs_fmod = true;
	TAILQ_INSERT_HEAD(&ump->um_orphans, ip, i_orphan);
	ip->i_flag |= IN_ORPHAN | IN_MODIFIED;
	mutex_exit(&ump->um_lock);
	(void)ext2fs_sbupdate(ump, MNT_NOWAIT);
}

/* Rewrite another orphan's on-disk inode after its link changed. */
static void
write_link(struct inode *pip)
{
	struct m_ext2fs *fs = pip->i_e2fs;
	uint32_t cg = (uint32_t)ino_to_cg(fs, pip->i_number);
	uint32_t idx = (uint32_t)((pip->i_number - 1) % fs->e2fs_ipg);
	uint64_t blk = fs->e2fs_gd[cg].cg_itable + idx / fs->e2fs_ipb;
	size_t off = (size_t)(idx % fs->e2fs_ipb) * fs->e2fs_isize;
	struct buf *bp;

	if (bread(pip->i_ump->um_devvp, EXT2_FSBTODB(fs, blk), fs->e2fs_bsize,
	    0, &bp) != 0)
		return;
	ext2fs_dinode_encode(&pip->i_din, fs->e2fs_isize, pip->i_raw);
	memcpy((uint8_t *)bp->b_data + off, pip->i_raw, fs->e2fs_isize);
	bdwrite(bp);
}

void
ext2fs_orphan_remove(struct inode *ip)
{
	struct ext2fs_mount *ump = ip->i_ump;
	struct m_ext2fs *fs = ump->um_e2fs;
	struct inode *prev;
	uint32_t next;
	bool sb = false;

	mutex_enter(&ump->um_lock);
	if (!(ip->i_flag & IN_ORPHAN)) {
		mutex_exit(&ump->um_lock);
		return;
	}
	next = ip->i_din.ic_dtime;
	if (next == ip->i_number)
		next = 0;		/* a self-loop on a damaged disk */
	prev = TAILQ_PREV(ip, ext2fs_orphanq, i_orphan);
	if (prev == NULL) {
		fs->e2fs_last_orphan = next;
		fs->e2fs_fmod = true;
		sb = true;
	} else {
		prev->i_din.ic_dtime = next;
		write_link(prev);
	}
	TAILQ_REMOVE(&ump->um_orphans, ip, i_orphan);
	ip->i_flag &= ~IN_ORPHAN;
	ip->i_flag |= IN_MODIFIED;
	ip->i_din.ic_dtime = 0;
	mutex_exit(&ump->um_lock);
	if (sb)
		(void)ext2fs_sbupdate(ump, MNT_NOWAIT);
}

/*
 * At a read-write mount: free what the previous mount left on the list.
 * Bounded by the inode count, so a looping list cannot hang the mount.
 */
int
ext2fs_orphan_recover(struct ext2fs_mount *ump)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct vnode *vp;
	struct inode *ip;
	uint32_t n;
	ino_t ino;
	int error = 0;

	ump->um_orphan_recovery = true;
	for (n = 0; fs->e2fs_last_orphan != 0 && n < fs->e2fs_icount; n++) {
		ino = fs->e2fs_last_orphan;
		if (ino < fs->e2fs_first_ino ||
		    (error = vcache_get(ump->um_mountp, &ino, sizeof(ino),
		    &vp)) != 0) {
			printf("ext2fs: %s: bad orphan list entry %llu, "
			    "list dropped\n",
			    ump->um_mountp->mnt_stat.f_mntfromname,
			    (unsigned long long)ino);
			fs->e2fs_last_orphan = 0;
			fs->e2fs_fmod = true;
			error = 0;
			break;
		}
		ip = VTOI(vp);
		mutex_enter(&ump->um_lock);
		if (!(ip->i_flag & IN_ORPHAN)) {
			TAILQ_INSERT_HEAD(&ump->um_orphans, ip, i_orphan);
			ip->i_flag |= IN_ORPHAN;
		}
		mutex_exit(&ump->um_lock);
		if (ip->i_nlink != 0) {
			/* still linked: only take it off the list */
			vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
			ext2fs_orphan_remove(ip);
			(void)ext2fs_iupdate(ip, 0);
			VOP_UNLOCK(vp);
		}
		vrele(vp);	/* unlinked: VOP_INACTIVE frees it */
		if (fs->e2fs_last_orphan == ino) {
			printf("ext2fs: %s: orphan %llu not freed\n",
			    ump->um_mountp->mnt_stat.f_mntfromname,
			    (unsigned long long)ino);
			break;
		}
	}
	ump->um_orphan_recovery = false;
	fs->e2fs_fmod = true;
	return error;
}
