/*
 * BSD disklabels on the host: find a label in the first 64 KiB of an image
 * (either byte order), check it, and return one partition's byte window.
 *
 * Layout used (byte offsets in the label): d_magic 0, d_secsize 40,
 * d_magic2 132, d_checksum 136, d_npartitions 138, partitions from 148,
 * 16 bytes each with p_size at 0 and p_offset at 4, both in sectors.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etfs_part.h"

#define DL_MAGIC	0x82564557u
#define DL_SCAN		(64 * 1024)
#define DL_SECSIZE	40
#define DL_MAGIC2	132
#define DL_NPART	138
#define DL_PARTS	148
#define DL_PARTSZ	16
#define DL_MAXPART	22

struct dlview {
	const unsigned char *p;
	bool swap;		/* stored big-endian */
};

static uint32_t
dl32(const struct dlview *v, size_t off)
{
	const unsigned char *b = v->p + off;

	if (v->swap)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		    (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[1] << 8 | b[0];
}

static uint16_t
dl16(const struct dlview *v, size_t off)
{
	const unsigned char *b = v->p + off;

	return v->swap ? (uint16_t)(b[0] << 8 | b[1]) :
	    (uint16_t)(b[1] << 8 | b[0]);
}

/* a label at buf+off that passes every check */
static bool
dl_valid(const unsigned char *buf, size_t len, size_t off,
    struct dlview *v)
{
	uint16_t np, sum = 0;
	size_t end, i;

	v->p = buf + off;
	for (int s = 0; s < 2; s++) {
		v->swap = s == 1;
		if (off + DL_PARTS > len || dl32(v, 0) != DL_MAGIC ||
		    dl32(v, DL_MAGIC2) != DL_MAGIC)
			continue;
		np = dl16(v, DL_NPART);
		end = DL_PARTS + (size_t)np * DL_PARTSZ;
		if (np == 0 || np > DL_MAXPART || off + end > len)
			continue;
		for (i = 0; i < end; i += 2)
			sum ^= (uint16_t)(v->p[i] | v->p[i + 1] << 8);
		if (sum == 0)
			return true;
	}
	return false;
}

static int
dl_read(const char *hostpath, unsigned char *buf, size_t *lenp,
    uint64_t *fsizep)
{
	struct stat st;
	ssize_t n;
	int fd, error = 0;

	if ((fd = open(hostpath, O_RDONLY | O_CLOEXEC)) == -1)
		return errno;
	if (fstat(fd, &st) == -1)
		error = errno;
	else if ((n = pread(fd, buf, DL_SCAN, 0)) == -1)
		error = errno;
	else
		*lenp = (size_t)n;
	*fsizep = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	close(fd);
	return error;
}

int
etfs_part_disklabel(const char *hostpath, const char *arg, size_t alen,
    uint64_t *begin, uint64_t *size)
{
	struct dlview v;
	unsigned char *buf;
	uint64_t fsize, secsize, psize, poff;
	size_t len = 0, off;
	int idx, error;

	if (alen != 1 || arg[0] < 'a' || arg[0] > 'z')
		return etfs_part_fail(EINVAL, "bad disklabel partition "
		    "\"%.*s\": a letter a-p", (int)alen, arg);
	idx = arg[0] - 'a';
	if ((buf = calloc(1, DL_SCAN)) == NULL)
		return etfs_part_fail(ENOMEM, "out of memory");
	if ((error = dl_read(hostpath, buf, &len, &fsize)) != 0) {
		free(buf);
		return etfs_part_fail(error, "%s: %s", hostpath,
		    strerror(error));
	}
	for (off = 0; off + DL_PARTS <= len; off += 4)
		if (dl_valid(buf, len, off, &v))
			break;
	if (off + DL_PARTS > len) {
		free(buf);
		return etfs_part_fail(ENOENT, "%s: no disklabel", hostpath);
	}
	secsize = dl32(&v, DL_SECSIZE);
	if (secsize < 512 || secsize > 65536 || (secsize & (secsize - 1)))
		secsize = 512;
	if (idx >= dl16(&v, DL_NPART)) {
		free(buf);
		return etfs_part_fail(ENOENT, "%s: disklabel has no "
		    "partition %c", hostpath, arg[0]);
	}
	psize = dl32(&v, DL_PARTS + (size_t)idx * DL_PARTSZ);
	poff = dl32(&v, DL_PARTS + (size_t)idx * DL_PARTSZ + 4);
	free(buf);
	if (psize == 0)
		return etfs_part_fail(ENOENT, "%s: partition %c is unused",
		    hostpath, arg[0]);
	*begin = poff * secsize;
	*size = psize * secsize;
	if (fsize != 0 && (*begin > fsize || *size > fsize - *begin))
		return etfs_part_fail(EINVAL, "%s: partition %c extends past "
		    "the end of the image", hostpath, arg[0]);
	return 0;
}
