/*
 * Volume descriptors (ECMA-119 8.4, 8.5, 8.3): the primary one, the
 * Joliet supplementary one (UCS-2 level 3, escape "%/E"), El Torito's
 * boot record and the terminator, from sector 16 on; and the times they
 * and the records carry, in UTC.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cd9660.h"

/* 9.1.5: years since 1900 ... seconds, offset from GMT */
void
c9_time7(unsigned char *p, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year < 0 ||
	    tm.tm_year > 255) {
		memset(p, 0, 7);
		return;
	}
	p[0] = (unsigned char)tm.tm_year;
	p[1] = (unsigned char)(tm.tm_mon + 1);
	p[2] = (unsigned char)tm.tm_mday;
	p[3] = (unsigned char)tm.tm_hour;
	p[4] = (unsigned char)tm.tm_min;
	p[5] = (unsigned char)tm.tm_sec;
	p[6] = 0;
}

/* 8.4.26.1: "YYYYMMDDHHMMSScc" and the offset; t < 0: not given */
static void
c9_time17(unsigned char *p, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[80];

	memset(p, '0', 16);
	p[16] = 0;
	if (t < 0 || gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 > 9999)
		return;
	snprintf(s, sizeof(s), "%04d%02d%02d%02d%02d%02d00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	memcpy(p, s, 16);
}

/* a text field, space padded; Joliet's in UCS-2 */
static void
c9_text(unsigned char *p, size_t size, const char *s, bool jol, bool upper)
{
	size_t i, k;

	for (i = 0; i < size; i++)
		p[i] = jol && i % 2 == 0 ? 0 : ' ';
	for (i = 0, k = 0; s != NULL && s[k] != '\0' && i < size; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c < 0x20 || c > 0x7e)
			c = '_';
		if (upper && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (jol)
			i++;
		if (i < size)
			p[i++] = c;
	}
}

static void
c9_vd_common(unsigned char *sec, unsigned type)
{
	memset(sec, 0, C9_SECTOR);
	sec[0] = (unsigned char)type;
	memcpy(sec + 1, "CD001", 5);
	sec[6] = 1;
}

static void
c9_vd(const struct c9_opts *co, const struct c9_image *im,
    unsigned char *sec, bool jol)
{
	const struct c9_node *r = im->root;
	static const struct c9_name root = { { 0 }, 1 };

	c9_vd_common(sec, jol ? 2 : 1);
	c9_text(sec + 8, 32, "", jol, false);
	c9_text(sec + 40, 32, co->volid, jol, !jol);
	c9_both32(sec + 80, (uint32_t)im->sectors);
	if (jol)
		memcpy(sec + 88, "%/E", 3);
	c9_both16(sec + 120, 1);
	c9_both16(sec + 124, 1);
	c9_both16(sec + 128, C9_SECTOR);
	c9_both32(sec + 132, jol ? im->jptsize : im->ptsize);
	mkfs_le32(sec + 140, jol ? im->jlpt : im->lpt);
	c9_be32(sec + 148, jol ? im->jmpt : im->mpt);
	c9_dirrec(sec + 156, jol ? r->jlba : r->lba, jol ? r->jsize :
	    r->size, im->now, 0x02, &root);
	c9_text(sec + 190, 128, co->volsetid, jol, !jol);
	c9_text(sec + 318, 128, co->publisher, jol, !jol);
	c9_text(sec + 446, 128, co->preparer, jol, !jol);
	c9_text(sec + 574, 128, co->appid, jol, !jol);
	c9_text(sec + 702, 37 * 3, "", jol, false);
	c9_time17(sec + 813, im->now);
	c9_time17(sec + 830, im->now);
	c9_time17(sec + 847, -1);
	c9_time17(sec + 864, im->now);
	sec[881] = 1;
}

int
c9_write_vds(const struct c9_opts *co, const struct mkfs_opts *o,
    const struct c9_image *im, int fd)
{
	unsigned char sec[C9_SECTOR];
	int r;

	c9_vd(co, im, sec, false);
	r = mkfs_pwrite(fd, sec, C9_SECTOR, (uint64_t)im->pvd * C9_SECTOR);
	if (r == 0 && co->bootfile != NULL) {
		c9_boot_vd(im, sec);
		r = mkfs_pwrite(fd, sec, C9_SECTOR,
		    (uint64_t)im->brvd * C9_SECTOR);
	}
	if (r == 0 && co->joliet) {
		c9_vd(co, im, sec, true);
		r = mkfs_pwrite(fd, sec, C9_SECTOR,
		    (uint64_t)im->svd * C9_SECTOR);
	}
	if (r == 0) {
		c9_vd_common(sec, 255);
		r = mkfs_pwrite(fd, sec, C9_SECTOR,
		    (uint64_t)im->term * C9_SECTOR);
	}
	if (r != 0)
		mkfs_warnx("%s: %s", o->image, strerror(errno));
	return r;
}
