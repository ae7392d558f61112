/*
 * Path tables (ECMA-119 9.4): every directory once, breadth first and
 * each level by parent then name (the order of im->dirs), in a little
 * endian copy (L) and a big endian one (M).  Joliet has its own pair.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cd9660.h"

static const struct c9_name c9_rootname = { { 0 }, 1 };

static const struct c9_name *
c9_ptname(const struct c9_node *d, bool jol)
{
	if (d->parent == NULL)
		return &c9_rootname;
	return jol ? &d->jol : &d->iso;
}

uint32_t
c9_ptsize(const struct c9_image *im, bool jol)
{
	struct c9_node *const *v = jol ? im->jdirs : im->dirs;
	size_t n = jol ? im->njdirs : im->ndirs;
	uint32_t size = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned len = c9_ptname(v[i], jol)->len;

		size += 8 + len + len % 2;
	}
	return size;
}

static void
c9_ptrec(unsigned char *p, const struct c9_node *d, bool jol, bool msb)
{
	const struct c9_name *name = c9_ptname(d, jol);
	const struct c9_node *up = jol ? d->rrparent : d->parent;
	uint32_t lba = jol ? d->jlba : d->lba;
	uint32_t parent = up == NULL ? 1 : jol ? up->jptnum : up->ptnum;

	p[0] = (unsigned char)name->len;
	p[1] = 0;
	if (msb) {
		c9_be32(p + 2, lba);
		p[6] = (unsigned char)(parent >> 8);
		p[7] = (unsigned char)parent;
	} else {
		mkfs_le32(p + 2, lba);
		mkfs_le16(p + 6, parent);
	}
	memcpy(p + 8, name->b, name->len);
	if (name->len % 2)
		p[8 + name->len] = 0;
}

int
c9_write_pt(const struct c9_image *im, int fd, bool jol)
{
	struct c9_node *const *v = jol ? im->jdirs : im->dirs;
	size_t n = jol ? im->njdirs : im->ndirs, i, pos;
	uint32_t size = jol ? im->jptsize : im->ptsize;
	unsigned char *buf = malloc(size ? size : 1);
	int r = 0;

	if (buf == NULL)
		return -1;
	for (int msb = 0; msb < 2 && r == 0; msb++) {
		for (i = 0, pos = 0; i < n; i++) {
			c9_ptrec(buf + pos, v[i], jol, msb);
			pos += 8 + buf[pos] + buf[pos] % 2;
		}
		r = mkfs_pwrite(fd, buf, size, (uint64_t)C9_SECTOR *
		    (msb ? (jol ? im->jmpt : im->mpt) : (jol ? im->jlpt :
		    im->lpt)));
	}
	free(buf);
	return r;
}
