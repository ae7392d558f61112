/*
 * Joliet names: big-endian UCS-2 identifiers of a supplementary volume
 * descriptor's tree, handed up as UTF-8.  The ";1" version is dropped
 * (unless "gens"), as is a trailing '.' some mastering tools leave.  A
 * surrogate pair (UTF-16, which newer tools write) becomes one 4-byte
 * sequence; a lone surrogate, NUL or '/' makes the name unusable (0).
 * Pure: unit tested.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>

#include "cd9660_format.h"

/* one code point as UTF-8 at out[*n]: false when it does not fit */
static bool
joliet_put(uint32_t c, char *out, size_t outsize, size_t *n)
{
	size_t need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	uint8_t *o = (uint8_t *)out + *n;

	if (*n + need >= outsize)
		return false;
	switch (need) {
	case 1:
		o[0] = (uint8_t)c;
		break;
	case 2:
		o[0] = (uint8_t)(0xc0 | c >> 6);
		o[1] = (uint8_t)(0x80 | (c & 0x3f));
		break;
	case 3:
		o[0] = (uint8_t)(0xe0 | c >> 12);
		o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (uint8_t)(0x80 | (c & 0x3f));
		break;
	default:
		o[0] = (uint8_t)(0xf0 | c >> 18);
		o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
		o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
		o[3] = (uint8_t)(0x80 | (c & 0x3f));
		break;
	}
	*n += need;
	return true;
}

/* UCS-2 characters of the name proper: up to ';' unless gens */
static size_t
joliet_chars(const uint8_t *in, size_t nch, bool gens)
{
	size_t i;

	if (!gens)
		for (i = 0; i < nch; i++)
			if (in[2 * i] == 0 && in[2 * i + 1] == ';')
				return i;
	return nch;
}

size_t
cd9660_joliet_name(const uint8_t *in, size_t inlen, bool gens, char *out,
    size_t outsize)
{
	size_t nch = joliet_chars(in, inlen / 2, gens), i, n = 0;
	uint32_t c, lo;

	if (inlen % 2 != 0)
		return 0;
	if (!gens && nch > 1 && in[2 * nch - 2] == 0 &&
	    in[2 * nch - 1] == '.')
		nch--;
	for (i = 0; i < nch; i++) {
		c = (uint32_t)in[2 * i] << 8 | in[2 * i + 1];
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < nch) {
			lo = (uint32_t)in[2 * i + 2] << 8 | in[2 * i + 3];
			if (lo < 0xdc00 || lo > 0xdfff)
				return 0;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c <= 0xdfff)
			return 0;
		if (c == 0 || c == '/' || !joliet_put(c, out, outsize, &n))
			return 0;
	}
	if (n == 0)
		return 0;
	out[n] = '\0';
	return n;
}
