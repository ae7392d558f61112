/*
 * ISO 9660 dates: the 7-byte form of directory records and short TF
 * entries (ECMA-119 9.1.5: years since 1900, month, day, hour, minute,
 * second, offset from GMT in 15-minute steps) and the 17-byte form of
 * volume descriptors and long TF entries (8.4.26.1: sixteen ASCII digits
 * YYYYMMDDHHMMSSss and the offset).  Out-of-range fields make the date
 * unusable (false) instead of a wild time; an offset out of range is
 * taken as none.  Pure: unit tested.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>

#include "cd9660_format.h"

/* days before each month of a common year */
static const uint16_t cd9660_mdays[12] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
};

static bool
cd9660_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* leap years in [1, y] */
static int64_t
cd9660_leaps(int64_t y)
{
	return y / 4 - y / 100 + y / 400;
}

/* days from 1970-01-01 to y-m-d (y >= 1, month 1..12, day 1..31) */
int64_t
cd9660_days(int64_t y, unsigned m, unsigned d)
{
	int64_t days;

	days = 365 * (y - 1970) + cd9660_leaps(y - 1) - cd9660_leaps(1969);
	days += cd9660_mdays[m - 1] + (m > 2 && cd9660_leap(y)) + d - 1;
	return days;
}

static bool
cd9660_mktime(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
    unsigned s, int gmtoff15, struct timespec *ts)
{
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || s > 60)
		return false;
	/* genisoimage writes garbage offsets past 2038: the time is UTC */
	if (gmtoff15 < -48 || gmtoff15 > 52)
		gmtoff15 = 0;
	ts->tv_sec = (time_t)(cd9660_days(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + s - (int64_t)gmtoff15 * 15 * 60);
	ts->tv_nsec = 0;
	return true;
}

bool
cd9660_time7(const uint8_t *p, struct timespec *ts)
{
	ts->tv_sec = 0;
	ts->tv_nsec = 0;
	return cd9660_mktime(1900 + (int64_t)p[0], p[1], p[2], p[3], p[4],
	    p[5], (int8_t)p[6], ts);
}

/* n ASCII digits; -1 if any is not one */
static int
cd9660_digits(const uint8_t *p, unsigned n)
{
	int v = 0;

	while (n-- > 0) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

bool
cd9660_time17(const uint8_t *p, struct timespec *ts)
{
	int y = cd9660_digits(p, 4), mo = cd9660_digits(p + 4, 2);
	int d = cd9660_digits(p + 6, 2), h = cd9660_digits(p + 8, 2);
	int mi = cd9660_digits(p + 10, 2), s = cd9660_digits(p + 12, 2);
	int cs = cd9660_digits(p + 14, 2);

	ts->tv_sec = 0;
	ts->tv_nsec = 0;
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || cs < 0)
		return false;
	if (!cd9660_mktime(y, (unsigned)mo, (unsigned)d, (unsigned)h,
	    (unsigned)mi, (unsigned)s, (int8_t)p[16], ts))
		return false;
	ts->tv_nsec = (long)cs * 10000000L;
	return true;
}
