/*
 * Conversions between FAT's names and times and the user's: UTF-8 to
 * the UTF-16 of long-name entries and back, the long-name checksum,
 * case folding for the case-insensitive lookup, the checks a name must
 * pass, the 8.3 short names (the NT case bits, and the basis name and
 * numeric tail of fatgen103's generation algorithm), and DOS dates.
 *
 * Short names hold OEM code-page bytes: bytes above 127 read as code
 * page 850 (mtools' default) and are never made: a character 8.3 cannot
 * hold in ASCII gets a long name and '_' in the short one.
 */
#include <sys/types.h>
#include <sys/errno.h>
#include <sys/systm.h>

#include "msdosfs_format.h"

uint8_t
msdosfs_lfn_chksum(const uint8_t *name11)
{
	uint8_t sum = 0;
	int i;

	/* rotate right by one, add the next byte */
	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name11[i]);
	return sum;
}

/* byte offsets of the 13 UTF-16 units in a long-name entry */
static const uint8_t lfn_pos[LFN_CHARS] = {
	1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30
};

void
msdosfs_lfn_getchars(const uint8_t *e, uint16_t *u13)
{
	int i;

	for (i = 0; i < LFN_CHARS; i++)
		u13[i] = msdosfs_le16(e + lfn_pos[i]);
}

void
msdosfs_lfn_fill(uint8_t *e, const uint16_t *u, size_t len, int ord,
    bool last, uint8_t chksum)
{
	size_t base = (size_t)(ord - 1) * LFN_CHARS, k;
	uint16_t c;
	int i;

	memset(e, 0, DIRENT_SIZE);
	e[LFN_ORD] = (uint8_t)(ord | (last ? LFN_LAST : 0));
	e[DE_ATTR] = ATTR_LFN;
	e[LFN_CHKSUM] = chksum;
	for (i = 0; i < LFN_CHARS; i++) {
		k = base + (size_t)i;
		/* the name, one NUL if it ends short, then 0xffff */
		c = k < len ? u[k] : k == len ? 0 : 0xffff;
		msdosfs_setle16(e + lfn_pos[i], c);
	}
}

/* One code point from UTF-8 at s[*i]; -1 if malformed. */
static int32_t
utf8_next(const char *s, size_t len, size_t *i)
{
	const uint8_t *p = (const uint8_t *)s + *i;
	size_t left = len - *i, n, k;
	int32_t c, min;

	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4, c = p[0] & 0x07, min = 0x10000;
	} else
		return -1;
	if (left < n)
		return -1;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*i += n;
	return c;
}

int
msdosfs_utf8_to_utf16(const char *s, size_t len, uint16_t *u, size_t umax)
{
	size_t i = 0, n = 0;
	int32_t c;

	while (i < len) {
		if ((c = utf8_next(s, len, &i)) < 0)
			return -1;
		if (c >= 0x10000) {
			if (n + 2 > umax)
				return -1;
			c -= 0x10000;
			u[n++] = (uint16_t)(0xd800 | (c >> 10));
			u[n++] = (uint16_t)(0xdc00 | (c & 0x3ff));
		} else {
			if (n + 1 > umax)
				return -1;
			u[n++] = (uint16_t)c;
		}
	}
	return (int)n;
}

/* Append code point c as UTF-8; false if it does not fit. */
static bool
utf8_put(uint32_t c, char *s, size_t smax, size_t *n)
{
	size_t k = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4, j;

	if (*n + k > smax)
		return false;
	if (k == 1) {
		s[(*n)++] = (char)c;
		return true;
	}
	for (j = k - 1; j > 0; j--) {
		s[*n + j] = (char)(0x80 | (c & 0x3f));
		c >>= 6;
	}
	s[*n] = (char)((k == 2 ? 0xc0 : k == 3 ? 0xe0 : 0xf0) | c);
	*n += k;
	return true;
}

int
msdosfs_utf16_to_utf8(const uint16_t *u, size_t n, char *s, size_t smax)
{
	size_t i, out = 0;
	uint32_t c;

	for (i = 0; i < n; i++) {
		c = u[i];
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < n &&
		    u[i + 1] >= 0xdc00 && u[i + 1] <= 0xdfff) {
			c = 0x10000 + ((c - 0xd800) << 10) +
			    (u[i + 1] - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c <= 0xdfff)
			return -1;	/* a lone surrogate has no UTF-8 */
		if (c == 0 || !utf8_put(c, s, smax, &out))
			return -1;
	}
	return (int)out;
}

/* Upper case of the letters Windows folds that matter most. */
static uint16_t
fold(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return (uint16_t)(c - 0x20);
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return (uint16_t)(c - 0x20);		/* Latin-1 */
	if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2)
		return (uint16_t)(c - 0x20);		/* Greek */
	if (c >= 0x430 && c <= 0x44f)
		return (uint16_t)(c - 0x20);		/* Cyrillic */
	if (c >= 0x450 && c <= 0x45f)
		return (uint16_t)(c - 0x50);
	return c;
}

bool
msdosfs_u16_eqfold(const uint16_t *a, size_t an, const uint16_t *b,
    size_t bn)
{
	size_t i;

	if (an != bn)
		return false;
	for (i = 0; i < an; i++)
		if (a[i] != b[i] && fold(a[i]) != fold(b[i]))
			return false;
	return true;
}

/* FNV-1a over the folded units: names eqfold calls equal hash alike. */
uint32_t
msdosfs_u16_foldhash(const uint16_t *u, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ fold(u[i])) * 16777619u;
	return h;
}

int
msdosfs_name_check(const uint16_t *u, size_t *lenp)
{
	size_t len = *lenp, i;

	while (len > 0 && (u[len - 1] == '.' || u[len - 1] == ' '))
		len--;
	if (len == 0 || len > LFN_MAXLEN)
		return EINVAL;
	for (i = 0; i < len; i++) {
		if (u[i] < 0x20)
			return EINVAL;
		switch (u[i]) {
		case '"': case '*': case '/': case ':': case '<': case '>':
		case '?': case '\\': case '|':
			return EINVAL;
		}
	}
	*lenp = len;
	return 0;
}

/* An ASCII character an 8.3 name holds as it is (letters any case). */
static bool
short_char(uint16_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '$': case '%': case '\'': case '-': case '_': case '@':
	case '~': case '`': case '!': case '(': case ')': case '{':
	case '}': case '^': case '#': case '&':
		return true;
	}
	return false;
}

/* Case of a part: 0 no letters, 1 upper, 2 lower, 3 mixed. */
static int
part_case(const uint16_t *u, size_t n)
{
	int c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] >= 'A' && u[i] <= 'Z')
			c |= 1;
		else if (u[i] >= 'a' && u[i] <= 'z')
			c |= 2;
	}
	return c;
}

static void
copy_upper(uint8_t *dst, const uint16_t *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (uint8_t)fold(u[i]);
}

bool
msdosfs_short_exact(const uint16_t *u, size_t len, uint8_t *name11,
    uint8_t *lcase)
{
	size_t dot = len, i, blen, elen;
	int bc, ec;

	for (i = 0; i < len; i++) {
		if (u[i] == '.') {
			if (dot != len)
				return false;	/* two dots */
			dot = i;
		} else if (!short_char(u[i]))
			return false;
	}
	blen = dot;
	elen = dot == len ? 0 : len - dot - 1;
	if (blen == 0 || blen > 8 || elen > 3 || (dot != len && elen == 0))
		return false;
	bc = part_case(u, blen);
	ec = part_case(u + dot + 1, elen);
	if (bc == 3 || ec == 3)
		return false;
	memset(name11, ' ', 11);
	copy_upper(name11, u, blen);
	copy_upper(name11 + 8, u + dot + 1, elen);
	*lcase = (uint8_t)((bc == 2 ? LCASE_BASE : 0) |
	    (ec == 2 ? LCASE_EXT : 0));
	return true;
}

/* One character of a basis name; *lossy when it is not kept. */
static uint8_t
basis_char(uint16_t c, bool *lossy)
{
	if (short_char(c))
		return (uint8_t)fold(c);
	*lossy = true;
	return '_';
}

bool
msdosfs_short_basis(const uint16_t *u, size_t len, uint8_t *name11)
{
	size_t i, start = 0, lastdot = len, nb = 0, ne = 0;
	bool lossy = false, fits = true;

	while (start < len && (u[start] == '.' || u[start] == ' '))
		start++;
	if (start > 0)
		fits = false;
	for (i = start; i < len; i++)
		if (u[i] == '.')
			lastdot = i;
	memset(name11, ' ', 11);
	for (i = start; i < lastdot; i++) {
		if (u[i] == ' ' || u[i] == '.') {
			fits = false;	/* embedded spaces and dots go */
			continue;
		}
		if (nb == 8) {
			fits = false;
			break;
		}
		name11[nb++] = basis_char(u[i], &lossy);
	}
	for (i = lastdot + 1; i < len; i++) {
		if (u[i] == ' ')
			continue;
		if (ne == 3) {
			fits = false;
			break;
		}
		name11[8 + ne++] = basis_char(u[i], &lossy);
	}
	if (nb == 0)
		name11[nb++] = '_';
	return lossy || !fits;
}

void
msdosfs_short_tail(const uint8_t *basis, uint32_t n, uint8_t *name11)
{
	char digits[12];
	size_t nd = 0, blen = 8, keep;

	do {
		digits[nd++] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0 && nd < 7);
	while (blen > 0 && basis[blen - 1] == ' ')
		blen--;
	keep = 8 - (nd + 1);
	if (blen > keep)
		blen = keep;
	memcpy(name11, basis, 11);
	memset(name11 + blen, ' ', 8 - blen);
	name11[blen++] = '~';
	while (nd > 0)
		name11[blen++] = (uint8_t)digits[--nd];
}

/* Code page 850, bytes 0x80..0xff, as Unicode (from the code page's
 * published table). */
static const uint16_t cp850[128] = {
	0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
	0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
	0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
	0x00ff, 0x00d6, 0x00dc, 0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192,
	0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
	0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1, 0x00c2, 0x00c0,
	0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5, 0x2510,
	0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4,
	0x00f0, 0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce,
	0x00cf, 0x2518, 0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580,
	0x00d3, 0x00df, 0x00d4, 0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe,
	0x00de, 0x00da, 0x00db, 0x00d9, 0x00fd, 0x00dd, 0x00af, 0x00b4,
	0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6, 0x00a7, 0x00f7, 0x00b8,
	0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2, 0x25a0, 0x00a0,
};

size_t
msdosfs_short_text(const uint8_t *name11, uint8_t lcase, char *out)
{
	size_t n = 0, blen = 8, elen = 3, i;
	uint8_t c;

	while (blen > 0 && name11[blen - 1] == ' ')
		blen--;
	while (elen > 0 && name11[8 + elen - 1] == ' ')
		elen--;
	for (i = 0; i < blen + elen; i++) {
		if (i == blen)
			out[n++] = '.';
		c = i < blen ? name11[i] : name11[8 + i - blen];
		if (i == 0 && c == SLOT_E5)
			c = 0xe5;
		if (c >= 'A' && c <= 'Z' && (lcase & (i < blen ?
		    LCASE_BASE : LCASE_EXT)))
			c = (uint8_t)(c + 0x20);
		if (c >= 0x80)
			(void)utf8_put(cp850[c - 0x80], out, MSDOSFS_SHORTTEXT,
			    &n);
		else
			out[n++] = (char)c;
	}
	return n;
}

int
msdosfs_short_u16(const uint8_t *name11, uint8_t lcase, uint16_t *su)
{
	char text[MSDOSFS_SHORTTEXT];
	size_t n;

	n = msdosfs_short_text(name11, lcase, text);
	return msdosfs_utf8_to_utf16(text, n, su, MSDOSFS_SHORTTEXT);
}

/* Days in month m (1..12) of year y. */
static int
mdays(int y, int m)
{
	static const uint8_t d[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return d[m - 1] + (m == 2 && leap);
}

#define DOS_EPOCH	315532800LL	/* 1980-01-01 00:00:00 */
#define DOS_END		4354819198LL	/* 2107-12-31 23:59:58 */

/* Days from 1980-01-01 to January 1st of year y (>= 1980): counted, not
 * walked year by year (a stat of every file converts its times). */
static int64_t
days_to_year(int y)
{
	int a = y - 1, b = 1979;

	return (int64_t)(y - 1980) * 365 + (a / 4 - a / 100 + a / 400) -
	    (b / 4 - b / 100 + b / 400);
}

int64_t
msdosfs_dos2unix(uint16_t date, uint16_t time, int32_t gmtoff)
{
	int y = 1980 + (date >> 9), m = (date >> 5) & 15, d = date & 31, i;
	int64_t days = days_to_year(y);

	if (m < 1)
		m = 1;
	if (m > 12)
		m = 12;
	if (d < 1)
		d = 1;
	for (i = 1; i < m; i++)
		days += mdays(y, i);
	days += d - 1;
	return DOS_EPOCH + days * 86400 + (time >> 11) * 3600 +
	    ((time >> 5) & 63) * 60 + (time & 31) * 2 - gmtoff;
}

void
msdosfs_unix2dos(int64_t secs, int32_t gmtoff, uint16_t *date,
    uint16_t *time)
{
	int64_t t = secs + gmtoff, days, rem;
	int y, m = 1;

	if (t < DOS_EPOCH)
		t = DOS_EPOCH;
	if (t > DOS_END)
		t = DOS_END;
	days = (t - DOS_EPOCH) / 86400;
	rem = (t - DOS_EPOCH) % 86400;
	/* no year has more than 366 days: start below, step up */
	for (y = 1980 + (int)(days / 366); days >= days_to_year(y + 1); y++)
		continue;
	days -= days_to_year(y);
	while (days >= mdays(y, m)) {
		days -= mdays(y, m);
		m++;
	}
	*date = (uint16_t)(((y - 1980) << 9) | (m << 5) | (int)(days + 1));
	*time = (uint16_t)(((rem / 3600) << 11) | (((rem / 60) % 60) << 5) |
	    ((rem % 60) / 2));
}
