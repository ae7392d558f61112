/*
 * fsu_chown [-Rh] owner[:group] path ..., fsu_chgrp [-Rh] group path ...
 * Names are looked up in the host's passwd and group databases (as
 * NetBSD's fs-utils do: the image has none of its own); numbers are ids.
 * "owner:" is the owner's login group.  An operand that is a symlink is
 * followed unless -h; with -R, symlinks met on the way are changed
 * themselves, never followed.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"

struct owner {
	uint32_t uid, gid;	/* UINT32_MAX: unchanged */
	bool nofollow;
};

static int
id_num(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || n >= UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static int
id_user(const char *s, uint32_t *uid, uint32_t *logingid)
{
	struct passwd *pw = getpwnam(s);

	if (pw != NULL) {
		*uid = pw->pw_uid;
		*logingid = pw->pw_gid;
		return 0;
	}
	*logingid = UINT32_MAX;
	return id_num(s, uid);
}

static int
id_group(const char *s, uint32_t *gid)
{
	struct group *gr = getgrnam(s);

	if (gr != NULL) {
		*gid = gr->gr_gid;
		return 0;
	}
	return id_num(s, gid);
}

/* owner, owner:group, owner:, :group */
static int
id_spec(char *spec, struct owner *o)
{
	char *colon = strchr(spec, ':');
	uint32_t logingid = UINT32_MAX;

	if (colon != NULL)
		*colon++ = '\0';
	if (*spec != '\0' && id_user(spec, &o->uid, &logingid) != 0)
		return -1;
	if (colon == NULL || (*colon == '\0' && *spec == '\0'))
		return colon == NULL ? 0 : -1;
	if (*colon == '\0') {
		o->gid = logingid;
		return logingid == UINT32_MAX ? -1 : 0;
	}
	return id_group(colon, &o->gid);
}

static int
chown_one(struct ukfs *fs, const char *path, const struct rump_stat *sb,
    void *arg)
{
	const struct owner *o = arg;
	int r = o->nofollow || sb != NULL ?
	    ukfs_lchown(fs, path, o->uid, o->gid) :
	    ukfs_chown(fs, path, o->uid, o->gid);

	return r == 0 ? 0 : errno;
}

static int
chown_run(struct ukfs *fs, int argc, char **argv, bool isgrp)
{
	struct owner o = { UINT32_MAX, UINT32_MAX, false };
	bool recursive = false;
	int ch, rv = 0, error;

	while ((ch = getopt(argc, argv, "Rh")) != -1) {
		if (ch == 'R')
			recursive = true;
		else if (ch == 'h')
			o.nofollow = true;
		else
			return -1;
	}
	if (argc - optind < 2 || (isgrp ? id_group(argv[optind], &o.gid) :
	    id_spec(argv[optind], &o)) != 0)
		return -1;
	for (int i = optind + 1; i < argc && !fsu_interrupted; i++) {
		if (recursive)
			rv |= fsu_walk(fs, argv[i], chown_one, &o);
		else if ((error = chown_one(fs, argv[i], NULL, &o)) != 0) {
			fsu_warn(argv[i], error);
			rv = 1;
		}
	}
	return rv;
}

int
fsu_chown_main(struct ukfs *fs, int argc, char **argv)
{
	int rv = chown_run(fs, argc, argv, false);

	return rv < 0 ? fsu_usage(fsu_findcmd("chown")) : rv;
}

int
fsu_chgrp_main(struct ukfs *fs, int argc, char **argv)
{
	int rv = chown_run(fs, argc, argv, true);

	return rv < 0 ? fsu_usage(fsu_findcmd("chgrp")) : rv;
}
