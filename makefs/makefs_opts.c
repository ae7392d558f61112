/*
 * Numbers as makefs(8) takes them: sizes with a b (512), k, m, g, t or
 * w (4) suffix, counts with an optional %, time stamps as seconds or a
 * file's mtime; the -o list, word by word, to the type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "makefs.h"

static int
mkfs_suffix(char c, uint64_t *mulp)
{
	switch (c) {
	case '\0': *mulp = 1; break;
	case 'b': case 'B': *mulp = 512; break;
	case 'k': case 'K': *mulp = 1ULL << 10; break;
	case 'm': case 'M': *mulp = 1ULL << 20; break;
	case 'g': case 'G': *mulp = 1ULL << 30; break;
	case 't': case 'T': *mulp = 1ULL << 40; break;
	case 'w': case 'W': *mulp = 4; break;
	default: return -1;
	}
	return 0;
}

/* digits, one optional suffix letter */
int
mkfs_parse_size(const char *s, uint64_t *vp)
{
	unsigned long long v;
	uint64_t mul;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || (*end != '\0' && end[1] != '\0') ||
	    mkfs_suffix(*end, &mul) != 0 || v > UINT64_MAX / mul)
		return -1;
	*vp = (uint64_t)v * mul;
	return 0;
}

/* a size, or a percentage (0-100) with a % */
int
mkfs_parse_count(const char *s, uint64_t *vp, bool *pct)
{
	size_t len = strlen(s);
	char buf[64];

	*pct = len > 0 && s[len - 1] == '%';
	if (!*pct)
		return mkfs_parse_size(s, vp);
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len - 1);
	buf[len - 1] = '\0';
	if (mkfs_parse_size(buf, vp) != 0 || *vp > 100)
		return -1;
	return 0;
}

uint64_t
mkfs_slack(uint64_t base, uint64_t v, bool pct)
{
	return pct ? mkfs_howmany(base * v, 100) : v;
}

unsigned
mkfs_parse_endian(const char *s)
{
	if (strcmp(s, "be") == 0 || strcmp(s, "big") == 0 ||
	    strcmp(s, "4321") == 0)
		return 4321;
	if (strcmp(s, "le") == 0 || strcmp(s, "little") == 0 ||
	    strcmp(s, "1234") == 0)
		return 1234;
	return 0;
}

unsigned
mkfs_host_endian(void)
{
	const uint16_t one = 1;

	return *(const unsigned char *)&one == 1 ? 1234 : 4321;
}

/* seconds since the epoch, or the mtime of the file named */
int
mkfs_parse_time(const char *s, int64_t *tp)
{
	struct stat st;
	long long v;
	char *end;

	if (*s >= '0' && *s <= '9') {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0') {
			*tp = v;
			return 0;
		}
	}
	if (stat(s, &st) != 0)
		return -1;
	*tp = st.st_mtim.tv_sec;
	return 0;
}

int
mkfs_optnum(const char *key, const char *value, uint64_t min, uint64_t max,
    uint64_t *vp)
{
	if (value == NULL || mkfs_parse_size(value, vp) != 0 || *vp < min ||
	    *vp > max) {
		mkfs_warnx("-o %s%s%s: a number from %llu to %llu is needed",
		    key, value ? "=" : "", value ? value : "",
		    (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	return 1;
}

int
mkfs_optu32(const char *key, const char *value, uint64_t min, uint64_t max,
    uint32_t *vp)
{
	uint64_t v;

	if (mkfs_optnum(key, value, min, max, &v) < 0)
		return -1;
	*vp = (uint32_t)v;
	return 1;
}

int
mkfs_optpow2(const char *key, const char *value, uint64_t min, uint64_t max,
    uint32_t *vp)
{
	uint64_t v;

	if (mkfs_optnum(key, value, min, max, &v) < 0)
		return -1;
	if ((v & (v - 1)) != 0) {
		mkfs_warnx("-o %s=%s: a power of two is needed", key, value);
		return -1;
	}
	*vp = (uint32_t)v;
	return 1;
}

int
mkfs_optstr(const char *key, const char *value, size_t max,
    const char **vp)
{
	if (value == NULL || strlen(value) > max) {
		mkfs_warnx("-o %s%s%s: a value of at most %zu characters is "
		    "needed", key, value ? "=" : "", value ? value : "", max);
		return -1;
	}
	*vp = value;
	return 1;
}

/*
 * key[=value],...: each word to the type.  The types keep pointers to
 * the values: they point into *copyp, which the caller frees once the
 * image is made.
 */
int
mkfs_parse_fsopts(const struct mkfs_opts *o, const char *list,
    char **copyp)
{
	char *copy, *word, *save = NULL, *eq;
	int r = 0;

	if ((*copyp = copy = strdup(list)) == NULL)
		return -1;
	for (word = strtok_r(copy, ",", &save); word != NULL && r == 0;
	    word = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(word, '=')) != NULL)
			*eq++ = '\0';
		switch (o->type->option(o->fsopts, word, eq)) {
		case 1:
			break;
		case 0:
			mkfs_warnx("-o %s: not an option of %s", word,
			    o->type->name);
			/* FALLTHROUGH */
		default:
			r = -1;
		}
	}
	return r;
}
