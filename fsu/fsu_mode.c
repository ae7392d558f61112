/*
 * chmod(1) modes: octal, or symbolic clauses "[ugoa]*[-+=][rwxXst|ugo]*"
 * separated by commas (u+x, go-w, a=r, +X, u=rw,g=r).  A clause without
 * u, g, o or a leaves the bits of the process's umask alone (POSIX).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsu.h"

#define M_U	04700u
#define M_G	02070u
#define M_O	01007u
#define M_ALL	07777u

static uint32_t
mode_who(const char **sp)
{
	uint32_t who = 0;

	for (;; (*sp)++) {
		switch (**sp) {
		case 'u': who |= M_U; break;
		case 'g': who |= M_G; break;
		case 'o': who |= M_O; break;
		case 'a': who |= M_ALL; break;
		default: return who;
		}
	}
}

/* the permission letters after an operator, as bits for every class */
static uint32_t
mode_perm(const char **sp, uint32_t old, bool isdir)
{
	uint32_t perm = 0, cls;

	/* one of u, g, o: that class's current bits, copied to all */
	if (**sp == 'u' || **sp == 'g' || **sp == 'o') {
		cls = **sp == 'u' ? (old >> 6) & 7 : **sp == 'g' ?
		    (old >> 3) & 7 : old & 7;
		(*sp)++;
		return cls << 6 | cls << 3 | cls;
	}
	for (;; (*sp)++) {
		switch (**sp) {
		case 'r': perm |= 0444; break;
		case 'w': perm |= 0222; break;
		case 'x': perm |= 0111; break;
		case 'X':	/* x if a directory or x for someone */
			if (isdir || (old & 0111))
				perm |= 0111;
			break;
		case 's': perm |= 06000; break;
		case 't': perm |= 01000; break;
		default: return perm;
		}
	}
}

/* one clause applied to *mode; the rest of s after it, NULL if bad */
static const char *
mode_clause(const char *s, uint32_t *mode, bool isdir, uint32_t umask_)
{
	uint32_t who = mode_who(&s), mask = who ? who : M_ALL & ~umask_;
	uint32_t perm;
	char op;

	if (*s != '+' && *s != '-' && *s != '=')
		return NULL;
	while (*s == '+' || *s == '-' || *s == '=') {
		op = *s++;
		perm = mode_perm(&s, *mode, isdir) & mask;
		if (op == '=')	/* clears what the clause is about */
			*mode &= ~(who ? who : M_ALL);
		if (op == '-')
			*mode &= ~perm;
		else
			*mode |= perm;
	}
	return s;
}

/*
 * The new permission bits for a file of mode old (isdir: X applies);
 * -1 if the mode is not valid.
 */
int64_t
fsu_mode_apply(const char *spec, uint32_t old, bool isdir)
{
	uint32_t mode = old & M_ALL, um;
	char *end;
	unsigned long n;

	if (*spec >= '0' && *spec <= '7') {
		n = strtoul(spec, &end, 8);
		return *end != '\0' || n > M_ALL ? -1 : (int64_t)n;
	}
	um = umask(0);
	umask(um);
	for (const char *s = spec; ; s++) {
		if ((s = mode_clause(s, &mode, isdir, um)) == NULL)
			return -1;
		if (*s == '\0')
			return mode;
		if (*s != ',')
			return -1;
	}
}
