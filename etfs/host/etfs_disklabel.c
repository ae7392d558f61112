/*
 * BSD disklabels on the host: find a label, check it, and return one
 * partition's byte window.  A label is looked for, in this order:
 *  - in the first 64 KiB of the image (a bare labelled disk);
 *  - in the first 64 KiB of each primary MBR partition of type 0xa9
 *    (NetBSD), 0xa5 (FreeBSD) or 0xa6 (OpenBSD), in table order: on x86
 *    their label sits in sector 1 of that partition, well past the
 *    first 64 KiB of the disk once partitions start at 1 MiB.
 * Either byte order.  Partition offsets in NetBSD and OpenBSD labels
 * count from the start of the disk.  In a FreeBSD slice both forms are
 * met: offsets from the disk with the raw partition c starting where the
 * slice does (the historical form), or offsets from the slice with c at
 * 0; a label in a 0xa5 slice counts from the disk only when its c starts
 * at the slice.  A label found by the first scan but lying inside a BSD
 * partition is that partition's label, read by the same rules.
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
#define DL_RAWPART	2		/* c: the slice, for FreeBSD */

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

/* one search: the open image, a scan buffer, what was found */
struct dlsearch {
	int fd;
	uint64_t fsize;			/* 0: not a regular file */
	unsigned char *buf;		/* DL_SCAN bytes */
	const char *fault;		/* of the first broken label seen */
	uint64_t faultat;
	struct dlview v;		/* the label found, in buf */
	uint64_t at;			/* its byte offset in the image */
	struct etfs_mbrpart slice;	/* its MBR partition; type 0: none */
};

static const char dl_none[] = "";

/* NULL: a sound label at buf+off; dl_none: no label there; else why not */
static const char *
dl_check(const unsigned char *buf, size_t len, size_t off, struct dlview *v)
{
	const char *why = dl_none;
	uint16_t np, sum;
	size_t end, i;

	v->p = buf + off;
	for (int s = 0; s < 2; s++) {
		v->swap = s == 1;
		if (off + DL_PARTS > len || dl32(v, 0) != DL_MAGIC ||
		    dl32(v, DL_MAGIC2) != DL_MAGIC)
			continue;
		np = dl16(v, DL_NPART);
		end = DL_PARTS + (size_t)np * DL_PARTSZ;
		if (np == 0 || np > DL_MAXPART) {
			why = "bad partition count";
			continue;
		}
		if (off + end > len)
			continue;	/* cut off by the scan: not judged */
		for (i = 0, sum = 0; i < end; i += 2)
			sum ^= (uint16_t)(v->p[i] | v->p[i + 1] << 8);
		if (sum == 0)
			return NULL;
		why = "bad checksum";
	}
	return why;
}

/* the first 64 KiB from image byte from: true if a label is there */
static bool
dl_scan(struct dlsearch *s, uint64_t from)
{
	ssize_t n = pread(s->fd, s->buf, DL_SCAN, (off_t)from);
	const char *why;
	size_t off;

	for (off = 0; n > 0 && off + DL_PARTS <= (size_t)n; off += 4) {
		why = dl_check(s->buf, (size_t)n, off, &s->v);
		if (why == NULL) {
			s->at = from + off;
			return true;
		}
		if (why != dl_none && s->fault == NULL) {
			s->fault = why;
			s->faultat = from + off;
		}
	}
	return false;
}

/* the image start, then each BSD MBR partition; ENOENT with a message */
static int
dl_find(struct dlsearch *s, const char *hostpath)
{
	struct etfs_mbrpart mp[4];
	int i, n = etfs_mbr_bsdparts(s->fd, mp);
	bool found = dl_scan(s, 0);

	for (i = 0; i < n && found; i++) {
		if (s->at >= mp[i].start && s->at - mp[i].start < mp[i].size) {
			s->slice = mp[i];
			break;
		}
	}
	for (i = 0; i < n && !found; i++) {
		if ((found = dl_scan(s, mp[i].start)))
			s->slice = mp[i];
	}
	if (found)
		return 0;
	if (s->fault != NULL)
		return etfs_part_fail(ENOENT, "%s: no valid disklabel: the "
		    "one at byte %llu has a %s", hostpath,
		    (unsigned long long)s->faultat, s->fault);
	return etfs_part_fail(ENOENT, "%s: no disklabel (looked in the "
	    "first 64 KiB and in %d NetBSD/FreeBSD/OpenBSD MBR partition%s)",
	    hostpath, n, n == 1 ? "" : "s");
}

/* the byte the label's partition offsets count from */
static uint64_t
dl_base(const struct dlsearch *s, uint64_t secsize)
{
	const struct dlview *v = &s->v;

	if (s->slice.type != ETFS_MBR_FREEBSD)
		return 0;
	if (dl16(v, DL_NPART) > DL_RAWPART && (uint64_t)dl32(v, DL_PARTS +
	    DL_RAWPART * DL_PARTSZ + 4) * secsize == s->slice.start)
		return 0;
	return s->slice.start;
}

/* partition letter's window, checked against the image */
static int
dl_window(const struct dlsearch *s, const char *hostpath, char letter,
    uint64_t *begin, uint64_t *size)
{
	const struct dlview *v = &s->v;
	size_t ent = DL_PARTS + (size_t)(letter - 'a') * DL_PARTSZ;
	uint64_t secsize, psize, poff;

	secsize = dl32(v, DL_SECSIZE);
	if (secsize < 512 || secsize > 65536 || (secsize & (secsize - 1)))
		secsize = 512;
	if (letter - 'a' >= dl16(v, DL_NPART))
		return etfs_part_fail(ENOENT, "%s: disklabel has no "
		    "partition %c", hostpath, letter);
	psize = dl32(v, ent);
	poff = dl32(v, ent + 4);
	if (psize == 0)
		return etfs_part_fail(ENOENT, "%s: partition %c is unused",
		    hostpath, letter);
	*begin = dl_base(s, secsize) + poff * secsize;
	*size = psize * secsize;
	if (s->fsize != 0 && (*begin > s->fsize ||
	    *size > s->fsize - *begin))
		return etfs_part_fail(EINVAL, "%s: partition %c extends past "
		    "the end of the image", hostpath, letter);
	return 0;
}

int
etfs_part_disklabel(const char *hostpath, const char *arg, size_t alen,
    uint64_t *begin, uint64_t *size)
{
	struct dlsearch s = { .fd = -1 };
	struct stat st;
	int error;

	if (alen != 1 || arg[0] < 'a' || arg[0] > 'z')
		return etfs_part_fail(EINVAL, "bad disklabel partition "
		    "\"%.*s\": a letter a-p", (int)alen, arg);
	if ((s.buf = malloc(DL_SCAN)) == NULL)
		return etfs_part_fail(ENOMEM, "out of memory");
	if ((s.fd = open(hostpath, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(s.fd, &st) == -1) {
		error = errno;
		error = etfs_part_fail(error, "%s: %s", hostpath,
		    strerror(error));
	} else {
		s.fsize = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
		error = dl_find(&s, hostpath);
		if (error == 0)
			error = dl_window(&s, hostpath, arg[0], begin, size);
	}
	if (s.fd != -1)
		close(s.fd);
	free(s.buf);
	return error;
}
