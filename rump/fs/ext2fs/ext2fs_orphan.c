/*
 * The orphan list: inodes with no links left but still in use.  On disk
 * it is a chain from s_last_orphan through each inode's dtime field, so
 * that after a crash e2fsck or the next mount frees them (kept only on
 * file systems with a journal, see ext2fs_orphan_add).  In core every
 * member is a live vnode on um_orphans in the same order, head first.
 */
#include <stddef.h>
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

	/*
	 * Like Linux, only where a journal is: without one, the chain
	 * cannot reach the disk in an order e2fsck -p accepts at every
	 * point (a member whose dtime names the next, left out of the
	 * chain, needs a person), while an inode left with no links and
	 * no dtime is one it frees by itself.
	 */
	if (fs->e2fs_ronly || !E2FS_HAS_COMPAT(fs, EXT2F_COMPAT_HAS_JOURNAL))
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

/*
 * Find orphan ino on the in-core list; NULL if it has left the list.
 * Called with um_lock held; the list is as long as the open unlinked
 * files, and each member is there once.
 */
static struct inode *
orphan_find(struct ext2fs_mount *ump, ino_t ino)
{
	struct inode *ip;

	TAILQ_FOREACH(ip, &ump->um_orphans, i_orphan)
		if (ip->i_number == ino)
			return ip;
	return NULL;
}

/*
 * Another orphan's link (its dtime) changed: put the new value in its
 * on-disk inode.  Lock order is inode table buffer, then um_lock (as in
 * ext2fs_iupdate), so the buffer is read with no lock held and only the
 * dtime field is patched: the orphan's owner may be changing the rest of
 * its in-core inode right now, and writes it itself later.  If the
 * orphan left the list meanwhile, whoever took it off wrote its dtime.
 */
static void
orphan_relink(struct ext2fs_mount *ump, ino_t ino)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct inode *ip;
	struct buf *bp;
	uint64_t blk;
	uint32_t dtime;
	size_t off;

	ext2fs_ino_locate(fs, ino, &blk, &off);
	if (bread(ump->um_devvp, EXT2_FSBTODB(fs, blk), fs->e2fs_bsize,
	    0, &bp) != 0) {
		printf("ext2fs: %s: inode %llu: cannot rewrite its orphan "
		    "link\n", ump->um_mountp->mnt_stat.f_mntfromname,
		    (unsigned long long)ino);
		return;
	}
	mutex_enter(&ump->um_lock);
	if ((ip = orphan_find(ump, ino)) == NULL) {
		mutex_exit(&ump->um_lock);
		brelse(bp, 0);
		return;
	}
	dtime = e2fs_h2le32(ip->i_din.ic_dtime);
	memcpy((uint8_t *)bp->b_data + off +
	    offsetof(struct ext2fs_dinode, e2di_dtime), &dtime, sizeof(dtime));
	mutex_exit(&ump->um_lock);
	bdwrite(bp);
}

void
ext2fs_orphan_remove(struct inode *ip)
{
	struct ext2fs_mount *ump = ip->i_ump;
	struct m_ext2fs *fs = ump->um_e2fs;
	struct inode *prev;
	ino_t previno = 0;
	uint32_t next;

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
	} else {
		/* dtime of an orphan belongs to um_lock, not its owner */
		prev->i_din.ic_dtime = next;
		previno = prev->i_number;
	}
	TAILQ_REMOVE(&ump->um_orphans, ip, i_orphan);
	ip->i_flag &= ~IN_ORPHAN;
	ip->i_flag |= IN_MODIFIED;
	ip->i_din.ic_dtime = 0;
	mutex_exit(&ump->um_lock);
	/* no I/O under um_lock: see orphan_relink */
	if (previno == 0)
		(void)ext2fs_sbupdate(ump, MNT_NOWAIT);
	else
		orphan_relink(ump, previno);
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
