/*
 * File data.  A plain file (any but zisofs) is read straight from the
 * image: each run of whole sectors the file holds contiguously (its
 * extent, or an interleaving unit) goes from the device into the
 * caller's memory in one transfer, as spec_vnops' raw I/O does (all
 * memory is the host process's); only a piece of a sector (the head of
 * an unaligned read, the end of the file) is copied out of the device
 * vnode's cached sector.  ISO 9660 files are contiguous and read-only,
 * so file buffers would only cost: each one allocated, zeroed, read,
 * then copied again, and a FUSE read of 256 KiB was four of them.  The
 * host's page cache reads ahead of a sequential reader of the image.
 *
 * zisofs files keep file buffers (inflated blocks, cd9660_zread.c) and
 * genfs_read.  VOP_BMAP maps a plain file's sector to the image (through
 * the extents of a file in several parts and the unit/gap pattern of an
 * interleaved one) for whoever asks; zisofs blocks are not sectors.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/uio.h>
#include <sys/genfs.h>

#include "cd9660.h"

/* len bytes of image sectors from psec into data, in one transfer */
static int
cd9660_xfer(struct cd9660_mount *imp, uint64_t psec, void *data, size_t len)
{
	struct buf *bp;
	int error;

	if ((bp = getiobuf(imp->im_devvp, true)) == NULL)
		return ENOMEM;
	bp->b_flags = B_READ;
	bp->b_data = data;
	bp->b_bcount = bp->b_bufsize = len;
	bp->b_resid = 0;
	bp->b_error = 0;
	bp->b_lblkno = bp->b_blkno = ISO_SECTODB(psec);
	(void)VOP_STRATEGY(imp->im_devvp, bp);
	error = biowait(bp);
	/* the extents were checked against the size at mount: it shrank */
	if (error == 0 && bp->b_resid != 0)
		error = cd9660_corrupt(imp, psec << ISO_SECSHIFT,
		    "the image ends inside a file");
	putiobuf(bp);
	return error;
}

/* whole sectors at psec into the uio's current iovec (n fits in it) */
static int
cd9660_rawchunk(struct cd9660_mount *imp, struct uio *uio, uint64_t psec,
    size_t n)
{
	struct iovec *iov = uio->uio_iov;
	int error;

	if (iov->iov_base == NULL)
		return EFAULT;
	if ((error = cd9660_xfer(imp, psec, iov->iov_base, n)) != 0)
		return error;
	iov->iov_base = (uint8_t *)iov->iov_base + n;
	iov->iov_len -= n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	return 0;
}

/* n bytes from byte on of image sector psec, through the device cache */
static int
cd9660_secpiece(struct cd9660_mount *imp, struct uio *uio, uint64_t psec,
    size_t on, size_t n)
{
	struct buf *bp;
	int error;

	error = bread(imp->im_devvp, ISO_SECTODB(psec), ISO_SECSIZE, 0, &bp);
	if (error != 0)
		return error;
	error = uiomove((uint8_t *)bp->b_data + on, n, uio);
	brelse(bp, 0);
	return error;
}

/*
 * The file's stored bytes from uio_offset up to size (at most the bytes
 * its extents hold) into the uio.
 */
int
cd9660_readraw(struct cd9660_node *ip, struct uio *uio, uint64_t size)
{
	struct cd9660_mount *imp = ip->in_imp;
	uint64_t off, psec, run, avail;
	size_t on, n;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	size = MIN(size, ip->in_rawsize);
	while (error == 0 && uio->uio_resid > 0 &&
	    (uint64_t)uio->uio_offset < size) {
		/* an empty iovec first: the chunk below fills the current */
		if (uio->uio_iovcnt <= 0)
			return EINVAL;
		if (uio->uio_iov->iov_len == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		off = (uint64_t)uio->uio_offset;
		if (cd9660_node_ext(ip, off >> ISO_SECSHIFT, &psec, &run) != 0)
			return cd9660_corrupt(imp, ip->in_number,
			    "file size past its extents");
		on = (size_t)(off & (ISO_SECSIZE - 1));
		avail = MIN((uint64_t)uio->uio_resid, size - off);
		n = (size_t)MIN(MIN(avail, run << ISO_SECSHIFT),
		    (uint64_t)uio->uio_iov->iov_len);
		n &= ~(size_t)(ISO_SECSIZE - 1);
		if (on == 0 && n > 0)
			error = cd9660_rawchunk(imp, uio, psec, n);
		else
			error = cd9660_secpiece(imp, uio, psec, on,
			    (size_t)MIN(avail, (uint64_t)(ISO_SECSIZE - on)));
	}
	return error;
}

/* zisofs: the file's buffers are its inflated blocks, all of one size */
static const struct genfs_rdwr_ops cd9660_rdwr_ops;

int
cd9660_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct cd9660_node *ip = VTOI(vp);
	struct genfs_rdwr gr = {
		.gr_ops = &cd9660_rdwr_ops,
		.gr_size = ip->in_size,
		.gr_maxsize = ip->in_size,
		.gr_bshift = (int)ip->in_bshift,
	};
	int error;

	if ((error = genfs_regular(vp)) != 0)
		return error;
	if (ip->in_zbshift == 0)
		return cd9660_readraw(ip, ap->a_uio, ip->in_size);
	return genfs_read(vp, ap->a_uio, &gr);
}

int
cd9660_bmap(struct vop_bmap_args *ap)
{
	struct cd9660_node *ip = VTOI(ap->a_vp);
	uint64_t psec;

	if (ap->a_vpp)
		*ap->a_vpp = ip->in_imp->im_devvp;
	if (ap->a_runp)
		*ap->a_runp = 0;
	if (ap->a_bnp == NULL)
		return 0;
	/* zisofs blocks are not sectors of the image */
	if (ap->a_bn < 0 || ip->in_zbshift != 0)
		return EINVAL;
	if (cd9660_node_ext(ip, (uint64_t)ap->a_bn, &psec, NULL) != 0) {
		*ap->a_bnp = -1;	/* past the end: reads as zeros */
		return 0;
	}
	*ap->a_bnp = ISO_SECTODB(psec);
	return 0;
}

int
cd9660_strategy(struct vop_strategy_args *ap)
{
	if (VTOI(ap->a_vp)->in_zbshift != 0)
		return cd9660_zisofs_strategy(ap->a_vp, ap->a_bp);
	return genfs_strategy(ap);
}
