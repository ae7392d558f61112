/*
 * Extended attributes, read side: the in-inode area after i_extra_isize
 * and the external block named by i_file_acl.  Every entry's name and
 * value are bounds-checked against their area.  Releasing the external
 * block (reference counted) when an inode is freed lives here too.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "ext2fs.h"

#define EXT2_XATTR_MAGIC	0xea020000
#define XBLK_HDR		32	/* block header bytes */
#define XENT_HDR		16	/* entry header bytes */

struct xattr_area {
	const uint8_t *base;	/* value offsets are relative to this */
	const uint8_t *ent;	/* first entry */
	const uint8_t *end;
};

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static const char *
prefix(uint8_t idx)
{
	switch (idx) {
	case 1: return "user.";
	case 2: return "system.posix_acl_access";
	case 3: return "system.posix_acl_default";
	case 4: return "trusted.";
	case 6: return "security.";
	case 7: return "system.";
	case 8: return "system.richacl";
	default: return NULL;
	}
}

/*
 * Walk the entries of one area.  fn gets the full name and the value;
 * returning non-zero stops the walk with that value.  EIO on damage.
 */
typedef int (*xattr_fn)(void *, const char *, size_t, const uint8_t *,
    size_t);

static int
walk(struct inode *ip, const struct xattr_area *a, xattr_fn fn, void *arg)
{
	const uint8_t *e = a->ent;
	char name[300];
	int r;

	while (e + 4 <= a->end && rd32(e) != 0) {
		uint8_t nlen = e[0], idx = e[1];
		uint32_t voff = e[2] | ((uint32_t)e[3] << 8);
		uint32_t vino = rd32(e + 4), vsize = rd32(e + 8);
		const char *pre = prefix(idx);
		size_t plen;

		if (e + XENT_HDR + nlen > a->end)
			return ext2fs_corrupt(ip, "xattr entry past its area");
		if (vino == 0 && (a->base + voff > a->end ||
		    vsize > (size_t)(a->end - (a->base + voff))))
			return ext2fs_corrupt(ip, "xattr value past its area");
		if (pre != NULL && vino == 0) {
			plen = strlen(pre);
			memcpy(name, pre, plen);
			memcpy(name + plen, e + XENT_HDR, nlen);
			if ((r = fn(arg, name, plen + nlen, a->base + voff,
			    vsize)) != 0)
				return r;
		}
		e += (XENT_HDR + nlen + 3) & ~3u;
	}
	return 0;
}

/* Walk the in-inode area, then the external block. */
static int
walk_all(struct inode *ip, xattr_fn fn, void *arg)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	struct xattr_area a;
	struct buf *bp;
	size_t start;
	int error = 0;

	start = E2FS_GOOD_OLD_INODE_SIZE + ip->i_din.ic_extra_isize;
	if (fs->e2fs_isize > E2FS_GOOD_OLD_INODE_SIZE &&
	    start + 4 <= fs->e2fs_isize &&
	    rd32(ip->i_raw + start) == EXT2_XATTR_MAGIC) {
		a.base = a.ent = ip->i_raw + start + 4;
		a.end = ip->i_raw + fs->e2fs_isize;
		if ((error = walk(ip, &a, fn, arg)) != 0)
			return error;
	}
	if (ip->i_din.ic_facl == 0)
		return 0;
	if (!ext2fs_blk_valid(fs, ip->i_din.ic_facl))
		return ext2fs_corrupt(ip, "xattr block out of range");
	error = bread(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, ip->i_din.ic_facl),
	    (int)fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	if (rd32(bp->b_data) != EXT2_XATTR_MAGIC)
		error = ext2fs_corrupt(ip, "bad xattr block magic");
	else {
		a.base = bp->b_data;
		a.ent = a.base + XBLK_HDR;
		a.end = a.base + fs->e2fs_bsize;
		error = walk(ip, &a, fn, arg);
	}
	brelse(bp, 0);
	return error;
}

struct get_ctx {
	const char *name;
	struct uio *uio;
	size_t *sizep;
	int error;
};

#define FOUND	-1

static int
get_one(void *arg, const char *name, size_t nlen, const uint8_t *val,
    size_t vlen)
{
	struct get_ctx *c = arg;

	if (strlen(c->name) != nlen || memcmp(c->name, name, nlen) != 0)
		return 0;
	if (c->sizep != NULL)
		*c->sizep = vlen;
	if (c->uio != NULL) {
		if (c->uio->uio_resid < vlen)
			c->error = ERANGE;
		else
			c->error = uiomove((void *)(uintptr_t)val, vlen, c->uio);
	}
	return FOUND;
}

int
ext2fs_getextattr(struct vop_getextattr_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct get_ctx c = { ap->a_name, ap->a_uio, ap->a_sizep, 0 };
	int r;

	if (!E2FS_HAS_COMPAT(ip->i_e2fs, EXT2F_COMPAT_EXT_ATTR) &&
	    ip->i_din.ic_facl == 0)
		return ENODATA;
	r = walk_all(ip, get_one, &c);
	if (r == FOUND)
		return c.error;
	return r != 0 ? r : ENODATA;
}

struct list_ctx {
	struct uio *uio;
	size_t total;
	int error;
};

static int
list_one(void *arg, const char *name, size_t nlen, const uint8_t *val,
    size_t vlen)
{
	struct list_ctx *c = arg;
	char nul = 0;

	c->total += nlen + 1;
	if (c->uio == NULL)
		return 0;
	if (c->uio->uio_resid < nlen + 1) {
		c->error = ERANGE;
		return FOUND;
	}
	if ((c->error = uiomove((void *)(uintptr_t)name, nlen, c->uio)) == 0)
		c->error = uiomove(&nul, 1, c->uio);
	return c->error ? FOUND : 0;
}

int
ext2fs_listextattr(struct vop_listextattr_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct list_ctx c = { ap->a_uio, 0, 0 };
	int r;

	r = walk_all(ip, list_one, &c);
	if (r == FOUND)
		return c.error;
	if (r != 0)
		return r;
	if (ap->a_sizep != NULL)
		*ap->a_sizep = c.total;
	return 0;
}

/* Drop the inode's reference to its external block (at free time). */
int
ext2fs_xattr_release(struct inode *ip)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t b = ip->i_din.ic_facl;
	struct buf *bp;
	uint32_t refs;
	int error;

	if (b == 0)
		return 0;
	ip->i_din.ic_facl = 0;
	ip->i_flag |= IN_MODIFIED;
	if (!ext2fs_blk_valid(fs, b))
		return 0;
	error = bread(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, b),
	    (int)fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	refs = rd32((uint8_t *)bp->b_data + 4);
	if (rd32(bp->b_data) == EXT2_XATTR_MAGIC && refs > 1) {
		uint32_t v = e2fs_h2le32(refs - 1);
		memcpy((uint8_t *)bp->b_data + 4, &v, 4);
		bdwrite(bp);
	} else {
		brelse(bp, B_INVAL);
		ext2fs_blkfree(ip->i_ump, b);
	}
	ext2fs_addblocks(ip, -1);
	return 0;
}
