/*
 * Names as recorded.  ISO 9660 (ECMA-119 7.5, 7.6): d-characters only
 * (A-Z, 0-9, _; anything else, a UTF-8 character too, becomes one _),
 * a name and an extension split at the last dot, ";1"
 * after a file's; level 1 keeps 8.3, levels 2 and 3 keep 30 characters
 * for a file, 31 for a directory.  Joliet: the name in big-endian
 * UCS-2, at most 64 units, without * / : ; ? \.  Two names mapped
 * alike in one directory are told apart by a number in the name.
 */
#include <string.h>

#include "cd9660.h"

static char
c9_dchar(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 'A');
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
		return (char)c;
	return '_';
}

/* limits for the name part and the extension */
static void
c9_limits(const struct c9_opts *co, bool dir, size_t extlen, size_t *nmax,
    size_t *emax)
{
	if (co->level == 1) {
		*nmax = 8;
		*emax = dir ? 0 : 3;
		return;
	}
	if (dir) {
		*nmax = 31;
		*emax = 0;
		return;
	}
	*emax = extlen > 8 ? 8 : extlen;
	*nmax = 30 - *emax;
}

/* up to max d-characters of the len bytes at s; a UTF-8 character is one */
static size_t
c9_dcopy(unsigned char *b, const char *s, size_t len, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < len && k < max; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			b[k++] = (unsigned char)c9_dchar((unsigned char)s[i]);
	return k;
}

int
c9_isoname(const struct c9_opts *co, struct c9_node *n)
{
	const char *src = n->src != NULL ? n->src->name : "RR_MOVED";
	bool dir = n->isdir || n->reloc != NULL;
	const char *dot = dir ? NULL : strrchr(src, '.');
	size_t nlen, elen, nmax, emax, k;
	unsigned char *b = n->iso.b;

	if (dot == src)		/* ".profile": all name */
		dot = NULL;
	nlen = dot != NULL ? (size_t)(dot - src) : strlen(src);
	elen = dot != NULL ? strlen(dot + 1) : 0;
	c9_limits(co, dir, elen, &nmax, &emax);
	k = c9_dcopy(b, src, nlen, nmax);
	if (k == 0)
		b[k++] = '_';
	if (!dir) {
		if (elen > 0 || !co->notrailing)
			b[k++] = '.';
		k += c9_dcopy(b + k, dot + 1, elen, emax);
		b[k++] = ';';
		b[k++] = '1';
	}
	n->iso.len = (unsigned)k;
	return 0;
}

/* one UTF-8 character; 0 if it is not UTF-8 */
static size_t
c9_utf8(const unsigned char *s, uint32_t *cp)
{
	size_t len, i;
	uint32_t c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c < 0xe0)
		len = 2, c &= 0x1f;
	else if (c >= 0xe0 && c < 0xf0)
		len = 3, c &= 0x0f;
	else if (c >= 0xf0 && c < 0xf5)
		len = 4, c &= 0x07;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c < 0xe000))
		return 0;
	*cp = c;
	return len;
}

/* -1 after one line: not UTF-8, or past UCS-2 */
int
c9_jolname(struct c9_node *n)
{
	const unsigned char *s = (const unsigned char *)
	    (n->src != NULL ? n->src->name : "rr_moved");
	unsigned k = 0;
	uint32_t c;
	size_t step;

	while (*s != '\0') {
		if ((step = c9_utf8(s, &c)) == 0 || c > 0xffff) {
			mkfs_warnx("%s: the name is not representable in "
			    "Joliet (%s)", n->src->host, step == 0 ?
			    "not UTF-8" : "outside UCS-2");
			return -1;
		}
		s += step;
		if (k == C9_JMAXCH)
			continue;	/* truncated, told apart later */
		if (c < 0x20 || strchr("*/:;?\\", (int)c) != NULL)
			c = '_';
		n->jol.b[2 * k] = (unsigned char)(c >> 8);
		n->jol.b[2 * k + 1] = (unsigned char)c;
		k++;
	}
	n->jol.len = 2 * k;
	return 0;
}

/* an ISO name's separators sort before every d-character */
static unsigned
c9_sortkey(unsigned c, bool jol)
{
	return !jol && (c == '.' || c == ';') ? 1 : c;
}

/*
 * ECMA-119 9.3: the name, then the extension, each as if padded with
 * spaces; Joliet's UCS-2 units likewise.
 */
int
c9_namecmp(const struct c9_name *a, const struct c9_name *b, bool jol)
{
	unsigned i, len = a->len > b->len ? a->len : b->len;
	unsigned ca, cb, pad;

	for (i = 0; i < len; i++) {
		pad = jol && i % 2 == 0 ? 0 : ' ';
		ca = i < a->len ? c9_sortkey(a->b[i], jol) : pad;
		cb = i < b->len ? c9_sortkey(b->b[i], jol) : pad;
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return 0;
}
