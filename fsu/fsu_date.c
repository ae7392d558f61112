/*
 * Dates for touch -d and -t (touch(1), POSIX):
 *	-d @SECONDS, SECONDS (fsu's older form), YYYY-MM-DD,
 *	   YYYY-MM-DD[T| ]hh:mm[:ss[.frac]] with an optional Z or UTC;
 *	-t [[CC]YY]MMDDhhmm[.ss]
 * Local time unless marked UTC.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsu.h"

static bool
date_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* tm (fields as a person writes them) to seconds; false if out of range */
static bool
date_make(struct tm *tm, bool utc, int64_t *secs)
{
	int mon = tm->tm_mon, mday = tm->tm_mday;
	time_t t;

	if (tm->tm_mon < 1 || tm->tm_mon > 12 || tm->tm_mday < 1 ||
	    tm->tm_mday > 31 || tm->tm_hour > 23 || tm->tm_min > 59 ||
	    tm->tm_sec > 60)
		return false;
	tm->tm_year -= 1900;
	tm->tm_mon--;
	tm->tm_isdst = -1;
	t = utc ? timegm(tm) : mktime(tm);
	/* 31 February comes back as March: not a date */
	if (tm->tm_mon != mon - 1 || tm->tm_mday != mday)
		return false;
	*secs = (int64_t)t;
	return true;
}

/* the fraction after '.', as nanoseconds; the rest of s */
static const char *
date_frac(const char *s, long *nsec)
{
	long scale = 100000000;

	*nsec = 0;
	if (*s != '.' && *s != ',')
		return s;
	for (s++; isdigit((unsigned char)*s); s++, scale /= 10)
		*nsec += (*s - '0') * scale;
	return s;
}

static bool
date_epoch(const char *s, struct rump_timespec *ts)
{
	char *end;

	ts->tv_sec = strtoll(s, &end, 10);
	ts->tv_nsec = 0;
	return end != s && *end == '\0';
}

int
fsu_date_iso(const char *s, struct rump_timespec *ts)
{
	struct tm tm;
	int n = 0;
	int64_t secs;
	bool utc;

	if (*s == '@')
		return date_epoch(s + 1, ts) ? 0 : -1;
	if (date_digits(s, strlen(s)) && *s != '\0')
		return date_epoch(s, ts) ? 0 : -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &n) != 3)
		return -1;
	s += n;
	if ((*s == 'T' || *s == ' ') && sscanf(s + 1, "%2d:%2d%n",
	    &tm.tm_hour, &tm.tm_min, &n) == 2) {
		s += 1 + n;
		if (*s == ':' && sscanf(s + 1, "%2d%n", &tm.tm_sec, &n) == 1)
			s += 1 + n;
		s = date_frac(s, &ts->tv_nsec);
	} else
		ts->tv_nsec = 0;
	utc = strcmp(s, "Z") == 0 || strcmp(s, " UTC") == 0 ||
	    strcmp(s, "UTC") == 0;
	if ((*s != '\0' && !utc) || !date_make(&tm, utc, &secs))
		return -1;
	ts->tv_sec = secs;
	return 0;
}

int
fsu_date_stamp(const char *s, struct rump_timespec *ts)
{
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	time_t now = time(NULL);
	struct tm tm, cur;
	int64_t secs;
	int f[6] = { 0 }, nf = (int)len / 2, i;

	if ((len != 8 && len != 10 && len != 12) || !date_digits(s, len) ||
	    (dot && (strlen(dot + 1) != 2 || !date_digits(dot + 1, 2))))
		return -1;
	for (i = 0; i < nf; i++)	/* two digits at a time */
		f[i] = (s[2 * i] - '0') * 10 + (s[2 * i + 1] - '0');
	localtime_r(&now, &cur);
	memset(&tm, 0, sizeof(tm));
	i = nf - 4;		/* fields before MMDDhhmm: CC, YY */
	if (i == 0)
		tm.tm_year = cur.tm_year + 1900;
	else if (i == 1)	/* POSIX: 69-99 the 1900s, 00-68 the 2000s */
		tm.tm_year = f[0] + (f[0] >= 69 ? 1900 : 2000);
	else
		tm.tm_year = f[0] * 100 + f[1];
	tm.tm_mon = f[i];
	tm.tm_mday = f[i + 1];
	tm.tm_hour = f[i + 2];
	tm.tm_min = f[i + 3];
	tm.tm_sec = dot ? atoi(dot + 1) : 0;
	if (!date_make(&tm, false, &secs))
		return -1;
	ts->tv_sec = secs;
	ts->tv_nsec = 0;
	return 0;
}
