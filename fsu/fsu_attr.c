/*
 * fsu_chmod mode path ..., fsu_chown owner[:group] path ...,
 * fsu_chgrp group path ..., fsu_touch [-c] [-d epoch] path ...
 * Owners and groups are numbers (the image has no user database).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsu.h"

static int
attr_num(const char *s, uint32_t *v, int base)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, base);
	if (*s == '\0' || *end != '\0' || errno != 0 || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* each path: fn(path) */
static int
attr_each(struct ukfs *fs, int argc, char **argv, int first,
    int (*fn)(struct ukfs *, const char *, void *), void *arg)
{
	int i, rv = 0;

	for (i = first; i < argc; i++) {
		if (fn(fs, argv[i], arg) != 0) {
			fsu_warn(argv[i], errno);
			rv = 1;
		}
	}
	return rv;
}

static int
do_chmod(struct ukfs *fs, const char *p, void *arg)
{
	return ukfs_chmod(fs, p, *(uint32_t *)arg);
}

int
fsu_chmod_main(struct ukfs *fs, int argc, char **argv)
{
	uint32_t mode;

	if (argc < 3 || attr_num(argv[1], &mode, 8) != 0 || mode > 07777)
		return fsu_usage(fsu_findcmd("chmod"));
	return attr_each(fs, argc, argv, 2, do_chmod, &mode);
}

struct owner {
	uint32_t uid, gid;	/* UINT32_MAX: unchanged */
};

static int
do_chown(struct ukfs *fs, const char *p, void *arg)
{
	struct owner *o = arg;

	return ukfs_lchown(fs, p, o->uid, o->gid);
}

int
fsu_chown_main(struct ukfs *fs, int argc, char **argv)
{
	struct owner o = { UINT32_MAX, UINT32_MAX };
	char *colon;

	if (argc < 3)
		return fsu_usage(fsu_findcmd("chown"));
	if ((colon = strchr(argv[1], ':')) != NULL) {
		*colon++ = '\0';
		if (*colon != '\0' && attr_num(colon, &o.gid, 10) != 0)
			return fsu_usage(fsu_findcmd("chown"));
	}
	if (*argv[1] != '\0' && attr_num(argv[1], &o.uid, 10) != 0)
		return fsu_usage(fsu_findcmd("chown"));
	return attr_each(fs, argc, argv, 2, do_chown, &o);
}

int
fsu_chgrp_main(struct ukfs *fs, int argc, char **argv)
{
	struct owner o = { UINT32_MAX, UINT32_MAX };

	if (argc < 3 || attr_num(argv[1], &o.gid, 10) != 0)
		return fsu_usage(fsu_findcmd("chgrp"));
	return attr_each(fs, argc, argv, 2, do_chown, &o);
}

struct touch {
	bool nocreate;
	bool settime;
	struct rump_timespec ts[2];
};

static int
do_touch(struct ukfs *fs, const char *p, void *arg)
{
	struct touch *t = arg;
	struct rump_stat sb;

	if (ukfs_stat(fs, p, &sb) != 0) {
		if (errno != ENOENT)
			return -1;
		if (t->nocreate)
			return 0;
		if (ukfs_create(fs, p, 0666) != 0)
			return -1;
		if (!t->settime)
			return 0;
	}
	return ukfs_utimes(fs, p, t->settime ? t->ts : NULL);
}

int
fsu_touch_main(struct ukfs *fs, int argc, char **argv)
{
	struct touch t;
	uint32_t secs;
	int ch;

	memset(&t, 0, sizeof(t));
	while ((ch = getopt(argc, argv, "cd:")) != -1) {
		switch (ch) {
		case 'c':
			t.nocreate = true;
			break;
		case 'd':	/* seconds since the epoch */
			if (attr_num(optarg, &secs, 10) != 0)
				return fsu_usage(fsu_findcmd("touch"));
			t.settime = true;
			t.ts[0].tv_sec = t.ts[1].tv_sec = secs;
			break;
		default:
			return fsu_usage(fsu_findcmd("touch"));
		}
	}
	if (optind == argc)
		return fsu_usage(fsu_findcmd("touch"));
	return attr_each(fs, argc, argv, optind, do_touch, &t);
}
