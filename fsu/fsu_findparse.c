/*
 * fsu_find's primaries, from the command line: -name -type -size -mtime
 * -newer -perm -user -group -print -exec -delete, and the options
 * -maxdepth -mindepth.
 */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "fsu_find.h"

/* [+-]N with an optional unit letter for -size */
static int
parse_num(struct fprimary *p, const char *s, bool sized)
{
	char *end;

	p->cmp = *s == '+' ? 1 : *s == '-' ? -1 : 0;
	if (*s == '+' || *s == '-')
		s++;
	p->n = strtoll(s, &end, 10);
	p->unit = 512;
	if (end == s || *s == '-' || *s == '+')
		return -1;
	if (!sized)
		return *end == '\0' ? 0 : -1;
	switch (*end) {
	case '\0': return 0;
	case 'c': p->unit = 1; break;
	case 'w': p->unit = 2; break;
	case 'b': p->unit = 512; break;
	case 'k': p->unit = 1024; break;
	case 'M': p->unit = 1 << 20; break;
	case 'G': p->unit = 1 << 30; break;
	default: return -1;
	}
	return end[1] == '\0' ? 0 : -1;
}

static int
parse_id(struct fprimary *p, const char *s, bool group)
{
	struct passwd *pw;
	struct group *gr;
	char *end;

	if (!group && (pw = getpwnam(s)) != NULL)
		p->n = pw->pw_uid;
	else if (group && (gr = getgrnam(s)) != NULL)
		p->n = gr->gr_gid;
	else if ((p->n = strtoll(s, &end, 10)) < 0 || *s == '\0' ||
	    *end != '\0')
		return -1;
	return 0;
}

static int
parse_perm(struct fprimary *p, const char *s)
{
	int64_t m;

	p->how = *s == '-' || *s == '/' ? *s++ : '=';
	if ((m = fsu_mode_apply(s, 0, false)) < 0)
		return -1;
	p->n = m;
	return 0;
}

/* -exec cmd ... ; or -exec cmd ... {} +: the words up to the end */
static int
parse_exec(struct fprimary *p, int argc, char **argv, int i)
{
	int j;

	for (j = i; j < argc; j++) {
		if (strcmp(argv[j], ";") == 0)
			break;
		if (strcmp(argv[j], "+") == 0 && j > i &&
		    strcmp(argv[j - 1], "{}") == 0) {
			p->kind = F_EXECPLUS;
			break;
		}
	}
	if (j == argc || j == i)
		return -1;
	p->argv = argv + i;
	p->argc = j - i;
	return j;
}

static int
parse_newer(struct ukfs *fs, struct fprimary *p, const char *path)
{
	struct rump_stat sb;
	int error;

	if ((error = fsu_stat(fs, path, &sb, true)) != 0) {
		fsu_warn(path, error);
		return -1;
	}
	p->when = sb.st_mtim;
	return 0;
}

/* one primary at argv[i] with its operand; the index of its last word */
static int
parse_one(struct ukfs *fs, struct find *f, struct fprimary *p, int argc,
    char **argv, int i)
{
	const char *w = argv[i], *a = i + 1 < argc ? argv[i + 1] : NULL;

	memset(p, 0, sizeof(*p));
	p->arg = a;
	if (strcmp(w, "-print") == 0)
		return p->kind = F_PRINT, i;
	if (strcmp(w, "-delete") == 0) {
		f->depthfirst = true;
		return p->kind = F_DELETE, i;
	}
	if (a == NULL)
		return -1;
	if (strcmp(w, "-exec") == 0)
		return p->kind = F_EXEC, parse_exec(p, argc, argv, i + 1);
	if (strcmp(w, "-name") == 0)
		p->kind = F_NAME;
	else if (strcmp(w, "-type") == 0 && strlen(a) == 1 &&
	    strchr("bcdflps", *a) != NULL)
		p->kind = F_TYPE;
	else if (strcmp(w, "-size") == 0 && parse_num(p, a, true) == 0)
		p->kind = F_SIZE;
	else if (strcmp(w, "-mtime") == 0 && parse_num(p, a, false) == 0)
		p->kind = F_MTIME;
	else if (strcmp(w, "-newer") == 0 && parse_newer(fs, p, a) == 0)
		p->kind = F_NEWER;
	else if (strcmp(w, "-perm") == 0 && parse_perm(p, a) == 0)
		p->kind = F_PERM;
	else if (strcmp(w, "-user") == 0 && parse_id(p, a, false) == 0)
		p->kind = F_USER;
	else if (strcmp(w, "-group") == 0 && parse_id(p, a, true) == 0)
		p->kind = F_GROUP;
	else
		return -1;
	return i + 1;
}

/* -maxdepth / -mindepth N: options, not primaries; 1 if it was one */
static int
parse_depth(struct find *f, int argc, char **argv, int i)
{
	char *end;
	long n;

	if (strcmp(argv[i], "-maxdepth") != 0 &&
	    strcmp(argv[i], "-mindepth") != 0)
		return 0;
	if (i + 1 == argc || (n = strtol(argv[i + 1], &end, 10)) < 0 ||
	    *end != '\0' || *argv[i + 1] == '\0')
		return -1;
	if (argv[i][2] == 'a')
		f->maxdepth = (int)n;
	else
		f->mindepth = (int)n;
	return 1;
}

/* the primaries from argv[first]; adds -print if there is no action */
int
find_parse(struct ukfs *fs, struct find *f, int argc, char **argv)
{
	bool action = false;
	int i, r;

	if ((f->p = calloc((size_t)argc + 1, sizeof(*f->p))) == NULL)
		return -1;
	for (i = 0; i < argc; i++) {
		if ((r = parse_depth(f, argc, argv, i)) != 0) {
			if (r < 0)
				return -1;
			i++;
			continue;
		}
		if ((i = parse_one(fs, f, &f->p[f->np], argc, argv, i)) < 0)
			return -1;
		action |= f->p[f->np].kind >= F_PRINT;
		f->np++;
	}
	if (!action)
		f->p[f->np++].kind = F_PRINT;
	return 0;
}
