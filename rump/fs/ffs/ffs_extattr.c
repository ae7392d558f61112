/*
 * UFS2 extended attributes, read only.  An inode's attribute area is
 * di_extsize bytes in at most two blocks (di_extb); it holds records
 *	uint32 length, uint8 namespace, uint8 content padding, uint8 name
 *	length, the name, padding to 8 bytes, the content, padding
 * each a multiple of 8 bytes long.  Namespace 1 is "user.", 2 "system.".
 * Every record is checked against the area before use.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/kauth.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#include "ffs_int.h"

#define UFS_NXADDR		2
#define EA_HDRSIZE		7
#define EA_NS_USER		1
#define EA_NS_SYSTEM		2

struct ea_rec {
	uint8_t ns;
	const char *name;
	size_t namelen;
	const uint8_t *data;
	size_t len;
};

/* the attribute area in a kernel buffer; *lenp 0 if there is none */
static int
ufs_ea_load(struct inode *ip, uint8_t **bufp, size_t *lenp)
{
	struct fs *fs = ip->i_fs;
	struct buf *bp = NULL;
	size_t size = ip->i_din.extsize, off, n;
	uint8_t *buf;
	int i, error;

	*bufp = NULL;
	*lenp = 0;
	if (!ip->i_ump->um_ufs2 || size == 0)
		return 0;
	if (size > (size_t)UFS_NXADDR * (size_t)fs->fs_bsize)
		goto bad;
	if ((buf = kmem_zalloc(size, KM_SLEEP)) == NULL)
		return ENOMEM;
	for (i = 0, off = 0; off < size; i++, off += n) {
		n = MIN(size - off, (size_t)fs->fs_bsize);
		if (ip->i_din.extb[i] <= 0 ||
		    ip->i_din.extb[i] + ffs_numfrags(fs,
		    ffs_fragroundup(fs, (int64_t)n)) > fs->fs_size) {
			kmem_free(buf, size);
			goto bad;
		}
		error = bread(ip->i_ump->um_devvp, ffs_fsbtodb(fs,
		    ip->i_din.extb[i]), (int)ffs_fragroundup(fs, (int64_t)n),
		    0, &bp);
		if (error != 0) {
			if (bp != NULL)
				brelse(bp, 0);
			kmem_free(buf, size);
			return error;
		}
		memcpy(buf + off, bp->b_data, n);
		brelse(bp, 0);
		bp = NULL;
	}
	*bufp = buf;
	*lenp = size;
	return 0;
bad:
	ffs_corrupt(ip->i_ump, "inode %llu: bad extended attribute area",
	    (unsigned long long)ip->i_number);
	return EIO;
}

/* the record at *offp; advances it.  1: got one, 0: end, -1: corrupt */
static int
ufs_ea_next(const uint8_t *buf, size_t len, size_t *offp, bool ns,
    struct ea_rec *r)
{
	size_t off = *offp, rlen, coff;

	if (off + EA_HDRSIZE > len)
		return 0;
	rlen = ufs_rd32(buf + off, ns);
	if (rlen == 0)
		return 0;		/* unused tail */
	if (rlen < 8 || (rlen & 7) != 0 || rlen > len - off)
		return -1;
	r->ns = buf[off + 4];
	r->namelen = buf[off + 6];
	coff = (EA_HDRSIZE + r->namelen + 7) & ~(size_t)7;
	if (coff + buf[off + 5] > rlen)
		return -1;
	r->name = (const char *)buf + off + EA_HDRSIZE;
	r->data = buf + off + coff;
	r->len = rlen - coff - buf[off + 5];
	*offp = off + rlen;
	return 1;
}

static const char *
ufs_ea_prefix(uint8_t ns)
{
	return ns == EA_NS_USER ? "user." : ns == EA_NS_SYSTEM ? "system." :
	    NULL;
}

/* the system namespace is the superuser's */
static bool
ufs_ea_visible(const struct ea_rec *r, kauth_cred_t cred)
{
	return r->ns != EA_NS_SYSTEM || kauth_cred_issuser(cred);
}

int
ufs_getextattr(struct vop_getextattr_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct ea_rec r;
	const char *pfx;
	size_t len, off = 0, plen;
	uint8_t *buf;
	int error, got = 0;

	error = VOP_ACCESS(ap->a_vp, VREAD, ap->a_cred);
	if (error == 0)
		error = ufs_ea_load(ip, &buf, &len);
	if (error != 0)
		return error;
	error = ENOATTR;
	while ((got = ufs_ea_next(buf, len, &off, ip->i_ump->um_needswap,
	    &r)) > 0) {
		if ((pfx = ufs_ea_prefix(r.ns)) == NULL || !ufs_ea_visible(&r,
		    ap->a_cred))
			continue;
		plen = strlen(pfx);
		if (strncmp(ap->a_name, pfx, plen) != 0 ||
		    strlen(ap->a_name + plen) != r.namelen ||
		    memcmp(ap->a_name + plen, r.name, r.namelen) != 0)
			continue;
		if (ap->a_sizep != NULL)
			*ap->a_sizep = r.len;
		error = ap->a_uio == NULL ? 0 :
		    uiomove((void *)(uintptr_t)r.data, MIN(r.len,
		    ap->a_uio->uio_resid), ap->a_uio);
		break;
	}
	if (got < 0) {
		ffs_corrupt(ip->i_ump, "inode %llu: bad extended attribute",
		    (unsigned long long)ip->i_number);
		error = EIO;
	}
	if (buf != NULL)
		kmem_free(buf, len);
	return error;
}

int
ufs_listextattr(struct vop_listextattr_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct ea_rec r;
	const char *pfx;
	size_t len, off = 0, total = 0;
	uint8_t *buf;
	char nul = '\0';
	int error, got = 0;

	error = VOP_ACCESS(ap->a_vp, VREAD, ap->a_cred);
	if (error == 0)
		error = ufs_ea_load(ip, &buf, &len);
	if (error != 0)
		return error;
	while (error == 0 && (got = ufs_ea_next(buf, len, &off,
	    ip->i_ump->um_needswap, &r)) > 0) {
		if ((pfx = ufs_ea_prefix(r.ns)) == NULL || !ufs_ea_visible(&r,
		    ap->a_cred))
			continue;
		total += strlen(pfx) + r.namelen + 1;
		if (ap->a_uio == NULL)
			continue;
		error = uiomove((void *)(uintptr_t)pfx, strlen(pfx), ap->a_uio);
		if (error == 0)
			error = uiomove((void *)(uintptr_t)r.name, r.namelen,
			    ap->a_uio);
		if (error == 0)
			error = uiomove(&nul, 1, ap->a_uio);
	}
	if (error == 0 && got < 0) {
		ffs_corrupt(ip->i_ump, "inode %llu: bad extended attribute",
		    (unsigned long long)ip->i_number);
		error = EIO;
	}
	if (ap->a_sizep != NULL)
		*ap->a_sizep = total;
	if (buf != NULL)
		kmem_free(buf, len);
	return error;
}
