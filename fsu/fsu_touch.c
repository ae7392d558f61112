/*
 * fsu_touch [-acm] [-d date | -t stamp | -r imagepath] path ...
 * -r takes a file of the image (as NetBSD's fsu_touch); a host file's
 * time can be given as -d @$(stat -c %Y file).  Dates: fsu_date.c.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsu.h"

struct touch {
	bool nocreate, onlya, onlym, given;
	struct rump_timespec ts[2];	/* access, modification */
};

static int
touch_one(struct ukfs *fs, const char *p, struct touch *t)
{
	struct rump_timespec ts[2];
	struct rump_stat sb;
	struct timespec now;

	if (ukfs_stat(fs, p, &sb) != 0) {
		if (errno != ENOENT)
			return errno;
		if (t->nocreate)
			return 0;
		if (ukfs_create(fs, p, 0666) != 0 || ukfs_stat(fs, p, &sb))
			return errno;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	ts[0] = ts[1] = (struct rump_timespec){ now.tv_sec, now.tv_nsec };
	if (t->given)
		memcpy(ts, t->ts, sizeof(ts));
	/* -a or -m alone: the other time stays as it is */
	if (t->onlym && !t->onlya)
		ts[0] = sb.st_atim;
	if (t->onlya && !t->onlym)
		ts[1] = sb.st_mtim;
	return ukfs_utimes(fs, p, ts) == 0 ? 0 : errno;
}

static int
touch_ref(struct ukfs *fs, const char *ref, struct touch *t)
{
	struct rump_stat sb;
	int error;

	if ((error = fsu_stat(fs, ref, &sb, true)) != 0) {
		fsu_warn(ref, error);
		return -1;
	}
	t->ts[0] = sb.st_atim;
	t->ts[1] = sb.st_mtim;
	return 0;
}

static int
touch_opts(struct ukfs *fs, int argc, char **argv, struct touch *t)
{
	int ch, r = 0;

	while (r == 0 && (ch = getopt(argc, argv, "acmd:t:r:")) != -1) {
		switch (ch) {
		case 'a': t->onlya = true; break;
		case 'c': t->nocreate = true; break;
		case 'm': t->onlym = true; break;
		case 'd': r = fsu_date_iso(optarg, &t->ts[0]); break;
		case 't': r = fsu_date_stamp(optarg, &t->ts[0]); break;
		case 'r': r = touch_ref(fs, optarg, t); break;
		default: return -1;
		}
		if (ch == 'd' || ch == 't')
			t->ts[1] = t->ts[0];
		t->given |= ch == 'd' || ch == 't' || ch == 'r';
	}
	if (r != 0 && ch != 'r')
		fsu_warnx("%s: not a date", optarg);
	return r != 0 || optind == argc ? -1 : 0;
}

int
fsu_touch_main(struct ukfs *fs, int argc, char **argv)
{
	struct touch t;
	int rv = 0, error;

	memset(&t, 0, sizeof(t));
	if (touch_opts(fs, argc, argv, &t) != 0)
		return fsu_usage(fsu_findcmd("touch"));
	for (int i = optind; i < argc; i++) {
		if ((error = touch_one(fs, argv[i], &t)) != 0) {
			fsu_warn(argv[i], error);
			rv = 1;
		}
	}
	return rv;
}
