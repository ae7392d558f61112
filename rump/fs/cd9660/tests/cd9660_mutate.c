/*
 * cd9660_mutate: images the mastering tools do not make, for
 * t_cd9660.sh (host code, test only).
 *   cd9660_mutate celoop image
 *	make the first CE entry of a file in the root directory name the
 *	system use area it sits in, so that following the continuation
 *	areas never ends (the driver must cut the chain).
 *   cd9660_mutate split image NAME n
 *	record the root directory's file NAME (its ISO 9660 identifier
 *	without ";1") in n + 1 extents, as mastering tools record files of
 *	4 GiB and more: one sector with the multi-extent flag per record,
 *	the last record the rest, without the flag; the data stays put.
 *   cd9660_mutate interleave image NAME unit gap nsec
 *	record NAME as interleaved: file units of unit sectors with gap
 *	sectors between them, nsec sectors long (its bytes are then those
 *	sectors of the data as it lies).
 *   cd9660_mutate rootloop image NAME
 *	point the root directory's entry NAME (a directory) at the root
 *	itself: a loop that no '..' shows.
 *   cd9660_mutate movereloc image DIR
 *	make the root directory's directory DIR's entry RR_MOVED name the
 *	root's RR_MOVED (Rock Ridge's relocation directory), as if that
 *	lay below the root.
 * Exit 0 when done, 1 when the image has nothing to change (no CE, no
 * such file, no room in its sector), 2 on errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC	2048
#define MULTI	0x80

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* a both-endian 32-bit field */
static void
put733(unsigned char *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++) {
		p[i] = (unsigned char)(v >> (8 * i));
		p[7 - i] = (unsigned char)(v >> (8 * i));
	}
}

/* the root directory's extent and size, from the primary descriptor */
static int
root_of(FILE *f, uint32_t *root, uint32_t *size)
{
	unsigned char pvd[SEC];

	if (fseek(f, 16L * SEC, SEEK_SET) != 0 ||
	    fread(pvd, SEC, 1, f) != 1)
		return -1;
	*root = le32(pvd + 156 + 2);
	*size = le32(pvd + 156 + 10);
	return 0;
}

/* the CE entry in one record's system use area: 1 if patched */
static int
patch_record(unsigned char *sec, uint32_t secno, size_t off)
{
	unsigned char *r = sec + off;
	size_t len = r[0], nl = r[32], su = 33 + nl + !(nl & 1), o;

	for (o = su; o + 4 <= len && r[o + 2] >= 4; o += r[o + 2]) {
		if (r[o] != 'C' || r[o + 1] != 'E' || r[o + 2] < 28)
			continue;
		put733(r + o + 4, secno);
		put733(r + o + 12, (uint32_t)(off + su));
		put733(r + o + 20, (uint32_t)(len - su));
		return 1;
	}
	return 0;
}

/* bytes of the sector the records use */
static size_t
used(const unsigned char *sec)
{
	size_t off = 0;

	while (off < SEC && sec[off] != 0)
		off += sec[off];
	return off;
}

/* the record at off keeps one sector; a new one after it the rest */
static int
split(unsigned char *sec, size_t off)
{
	unsigned char *r = sec + off, *n;
	size_t nl = r[32], len2 = 33 + nl + !(nl & 1), end = used(sec);
	uint32_t ext = le32(r + 2), size = le32(r + 10);

	if (size <= SEC || end + len2 > SEC)
		return 1;
	memmove(r + r[0] + len2, r + r[0], end - off - r[0]);
	n = r + r[0];
	memset(n, 0, len2);
	memcpy(n, r, 33 + nl);
	n[0] = (unsigned char)len2;
	n[1] = 0;
	put733(n + 2, ext + 1);
	put733(n + 10, size - SEC);
	put733(r + 10, SEC);
	r[25] |= MULTI;
	return 0;
}

static int
celoop(FILE *f)
{
	unsigned char sec[SEC];
	uint32_t root, size, s;
	size_t off;

	if (root_of(f, &root, &size) != 0)
		return 2;
	for (s = 0; s < (size + SEC - 1) / SEC; s++) {
		if (fseek(f, (long)(root + s) * SEC, SEEK_SET) != 0 ||
		    fread(sec, SEC, 1, f) != 1)
			return 2;
		for (off = 0; off < SEC && sec[off] >= 34 &&
		    off + sec[off] <= SEC; off += sec[off]) {
			/* "." and "..": the mount would fail, not one file */
			if ((sec[off + 32] == 1 && sec[off + 33] <= 1) ||
			    !patch_record(sec, root + s, off))
				continue;
			if (fseek(f, (long)(root + s) * SEC, SEEK_SET) != 0 ||
			    fwrite(sec, SEC, 1, f) != 1)
				return 2;
			return 0;
		}
	}
	return 1;
}

/* directory dir's first sector and the offset of NAME's record */
static int
find_in(FILE *f, uint32_t dir, const char *name, unsigned char *sec,
    uint32_t *secno, size_t *offp)
{
	size_t off, want = strlen(name);

	if (fseek(f, (long)dir * SEC, SEEK_SET) != 0 ||
	    fread(sec, SEC, 1, f) != 1)
		return 2;
	for (off = 0; off < SEC && sec[off] != 0; off += sec[off]) {
		if (sec[off + 32] < want || memcmp(sec + off + 33, name,
		    want) != 0 || (sec[off + 32] > want &&
		    sec[off + 33 + want] != ';'))
			continue;
		*secno = dir;
		*offp = off;
		return 0;
	}
	return 1;
}

/* the root directory's first sector and the offset of NAME's record */
static int
find_record(FILE *f, const char *name, unsigned char *sec, uint32_t *secno,
    size_t *offp)
{
	uint32_t root, size;

	if (root_of(f, &root, &size) != 0)
		return 2;
	return find_in(f, root, name, sec, secno, offp);
}

static int
put_sector(FILE *f, uint32_t secno, const unsigned char *sec)
{
	if (fseek(f, (long)secno * SEC, SEEK_SET) != 0 ||
	    fwrite(sec, SEC, 1, f) != 1)
		return 2;
	return 0;
}

static int
splitfile(FILE *f, const char *name, int n)
{
	unsigned char sec[SEC];
	uint32_t secno;
	size_t off;
	int i, r;

	if ((r = find_record(f, name, sec, &secno, &off)) != 0)
		return r;
	for (i = 0; i < n; i++, off += sec[off])
		if (split(sec, off) != 0)
			return 1;
	return put_sector(f, secno, sec);
}

static int
interleave(FILE *f, const char *name, int unit, int gap, uint32_t nsec)
{
	unsigned char sec[SEC];
	uint32_t secno;
	size_t off;
	int r;

	if ((r = find_record(f, name, sec, &secno, &off)) != 0)
		return r;
	sec[off + 26] = (unsigned char)unit;
	sec[off + 27] = (unsigned char)gap;
	put733(sec + off + 10, nsec * SEC);
	return put_sector(f, secno, sec);
}

static int
rootloop(FILE *f, const char *name)
{
	unsigned char sec[SEC];
	uint32_t secno;
	size_t off;
	int r;

	if ((r = find_record(f, name, sec, &secno, &off)) != 0)
		return r;
	put733(sec + off + 2, secno);
	return put_sector(f, secno, sec);
}

/* DIR's entry RR_MOVED made to name the root's RR_MOVED */
static int
movereloc(FILE *f, const char *dir)
{
	unsigned char sec[SEC], rsec[SEC];
	uint32_t secno, rsecno;
	size_t off, roff;
	int r;

	if ((r = find_record(f, "RR_MOVED", rsec, &rsecno, &roff)) != 0 ||
	    (r = find_record(f, dir, sec, &secno, &off)) != 0)
		return r;
	if ((r = find_in(f, le32(sec + off + 2), "RR_MOVED", sec, &secno,
	    &off)) != 0)
		return r;
	memcpy(sec + off + 2, rsec + roff + 2, 16);	/* extent, size */
	return put_sector(f, secno, sec);
}

int
main(int argc, char **argv)
{
	FILE *f;
	int r;

	if (argc < 3 || (strcmp(argv[1], "celoop") == 0 ? argc != 3 :
	    strcmp(argv[1], "split") == 0 ? argc != 5 :
	    strcmp(argv[1], "rootloop") == 0 ? argc != 4 :
	    strcmp(argv[1], "movereloc") == 0 ? argc != 4 :
	    strcmp(argv[1], "interleave") != 0 || argc != 7) ||
	    (f = fopen(argv[2], "r+b")) == NULL) {
		fprintf(stderr, "usage: cd9660_mutate celoop image\n"
		    "       cd9660_mutate split image NAME n\n"
		    "       cd9660_mutate interleave image NAME unit gap "
		    "nsec\n"
		    "       cd9660_mutate rootloop image NAME\n"
		    "       cd9660_mutate movereloc image DIR\n");
		return 2;
	}
	if (argv[1][0] == 'c')
		r = celoop(f);
	else if (argv[1][0] == 's')
		r = splitfile(f, argv[3], atoi(argv[4]));
	else if (argv[1][0] == 'm')
		r = movereloc(f, argv[3]);
	else if (argv[1][0] == 'r')
		r = rootloop(f, argv[3]);
	else
		r = interleave(f, argv[3], atoi(argv[4]), atoi(argv[5]),
		    (uint32_t)atoi(argv[6]));
	if (fclose(f) != 0 && r == 0)
		r = 2;
	return r;
}
