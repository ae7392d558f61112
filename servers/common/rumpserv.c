/*
 * rumpserv_main: parse `rump_<fs> [options] special mountpoint`, then hand
 * the file system to p2k.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/p2k.h>
#include <rump/rumpdefs.h>
#include <rump/rumpfs_version.h>
#include <rump/ukfs.h>

#include "rumpserv_impl.h"

/* ukfs's option table names p2k's block backends by the same numbers */
_Static_assert(UKFS_BLK_BUFFERED == P2K_BLK_BUFFERED &&
    UKFS_BLK_DIRECT == P2K_BLK_DIRECT && UKFS_BLK_MMAP == P2K_BLK_MMAP,
    "UKFS_BLK_* and P2K_BLK_* differ");

int
rs_addarg(struct rumpserv *rs, const char *arg)
{
	if (rs->rs_argc >= RS_MAXARGS - 1) {
		fprintf(stderr, "%s: too many options\n", rs->rs_name);
		return -1;
	}
	if ((rs->rs_argv[rs->rs_argc] = strdup(arg)) == NULL)
		return -1;
	rs->rs_argv[++rs->rs_argc] = NULL;
	return 0;
}

/* the driver's flag of letter c, or NULL */
static const struct ukfs_driver_flag *
rs_drvflag(const struct ukfs_driver *drv, char c)
{
	const struct ukfs_driver_flag *df;

	for (df = drv->ud_flags; df != NULL && df->df_flag != '\0'; df++)
		if (df->df_flag == c)
			return df;
	return NULL;
}

/* the driver's flags in the synopsis: [-sl9] [-u uid] ... */
static void
rs_usage_drvflags(const struct ukfs_driver *drv, FILE *f)
{
	const struct ukfs_driver_flag *df;
	bool any = false;

	for (df = drv->ud_flags; df != NULL && df->df_flag; df++) {
		if (df->df_arg != NULL)
			continue;
		fprintf(f, "%s%c", any ? "" : " [-", df->df_flag);
		any = true;
	}
	if (any)
		fputc(']', f);
	for (df = drv->ud_flags; df != NULL && df->df_flag; df++)
		if (df->df_arg != NULL)
			fprintf(f, " [-%c %s]", df->df_flag, df->df_arg);
}

/* what each of the driver's flags does, and its -o word */
static void
rs_usage_drvhelp(const struct ukfs_driver *drv, FILE *f)
{
	const struct ukfs_driver_flag *df;
	char lhs[32];

	for (df = drv->ud_flags; df != NULL && df->df_flag; df++) {
		snprintf(lhs, sizeof(lhs), "-%c%s%s", df->df_flag,
		    df->df_arg ? " " : "", df->df_arg ? df->df_arg : "");
		fprintf(f, "  %-10s %s (-o %s%s)\n", lhs, df->df_help,
		    df->df_word, df->df_arg ? "=" : "");
	}
}

static void
rs_usage(const struct rumpserv *rs, FILE *f)
{
	const struct ukfs_driver *drv = rs->rs_drv;
	/* the servers' own flags, less those the driver's take over */
	bool single = rs_drvflag(drv, 's') == NULL;

	fprintf(f, "usage: %s [-fd%s]", rs->rs_name, single ? "s" : "");
	rs_usage_drvflags(drv, f);
	fprintf(f, " [-o option[,option...]] %s mountpoint\n"
	    "       %s -h | --help | -V | --version\n"
	    "  -f  stay in the foreground   -d  debug (implies -f)\n",
	    drv->ud_disk ? "image" : "special", rs->rs_name);
	if (single)
		fprintf(f, "  -s  single-threaded\n");
	rs_usage_drvhelp(drv, f);
	fprintf(f,
	    "  -o  ro, rw, sync, async, noatime, nodevmtime, force%s%s,\n"
	    "      noauto_unmount (auto_unmount is the default), "
	    "shutdown_timeout=seconds,\n"
	    "      fakeroot, uid=N, gid=N, fsname=name, subtype=type,\n"
	    "      and FUSE's: allow_other, default_permissions, ...\n",
	    drv->ud_disk ? ", blk=buffered|direct|mmap" : "",
	    drv->ud_options_help ? drv->ud_options_help : "");
}

/*
 * A flag of the driver's (-u 1000, -u1000, -s) as its -o word.  The
 * number of arguments it took past its own (0 or 1), or -1 (usage), -2
 * (said why).
 */
static int
rs_flagword(struct rumpserv *rs, const struct ukfs_driver_flag *df,
    const char *attached, const char *next)
{
	const char *value = NULL;
	int took = 0;

	if (df->df_arg == NULL && *attached != '\0') {
		fprintf(stderr, "%s: unknown flag -%c%s\n", rs->rs_name,
		    df->df_flag, attached);
		return -1;
	}
	if (df->df_arg != NULL) {
		if (*attached != '\0') {
			value = attached;
		} else if (next != NULL) {
			value = next;
			took = 1;
		} else {
			fprintf(stderr, "%s: -%c needs a %s\n", rs->rs_name,
			    df->df_flag, df->df_arg);
			return -1;
		}
	}
	return rs_optword(rs, df->df_word, value) == 0 ? took : -2;
}

/*
 * 0: go on; 1: exit 0 (help, version); -1: exit 2 (usage); -2: exit 2
 * (said why)
 */
static int
rs_parse(struct rumpserv *rs, int argc, char **argv)
{
	const struct ukfs_driver_flag *df;
	int i, r;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			rs_usage(rs, stdout);
			return 1;
		} else if (strcmp(a, "-V") == 0 ||
		    strcmp(a, "--version") == 0) {
			printf("%s %s\n", rs->rs_name, RUMPFS_VERSION);
			return 1;
		} else if (strcmp(a, "-o") == 0) {
			if (++i == argc)
				return -1;
			if (rs_optlist(rs, argv[i]) != 0)
				return -2;
		} else if (strncmp(a, "-o", 2) == 0) {
			if (rs_optlist(rs, a + 2) != 0)
				return -2;
		} else if (a[0] == '-' && a[1] != '\0' && a[1] != '-' &&
		    (df = rs_drvflag(rs->rs_drv, a[1])) != NULL) {
			if ((r = rs_flagword(rs, df, a + 2, i + 1 < argc ?
			    argv[i + 1] : NULL)) < 0)
				return r;
			i += r;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "-d") == 0 ||
		    strcmp(a, "-s") == 0) {
			if (rs_addarg(rs, a) != 0)
				return -1;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "%s: unknown flag %s\n",
			    rs->rs_name, a);
			return -1;
		} else if (rs->rs_special == NULL) {
			rs->rs_special = a;
		} else if (rs->rs_mountpoint == NULL) {
			rs->rs_mountpoint = a;
		} else {
			fprintf(stderr, "%s: extra operand %s\n",
			    rs->rs_name, a);
			return -1;
		}
	}
	if (rs->rs_special == NULL || rs->rs_mountpoint == NULL)
		return -1;
	return 0;
}

/* say "prog: path: problem" on stderr; -1 */
static int
rs_refuse(const struct rumpserv *rs, const char *path, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", rs->rs_name, path, what);
	return -1;
}

/*
 * The image (without a %...% partition suffix) must be a readable file
 * holding our file system, so that the common mistakes get one clear
 * line before the rump kernel boots.  A partition's contents are left to
 * the driver.
 */
static int
rs_checkimage(const struct rumpserv *rs)
{
	const char *vfs = rs->rs_drv->ud_name, *type, *raw, *an;
	char path[4096], what[160];
	struct stat st;
	char *pct;
	int fd;

	snprintf(path, sizeof(path), "%s", rs->rs_special);
	if ((pct = strchr(path, '%')) != NULL)
		*pct = '\0';
	if (stat(path, &st) == -1)
		return rs_refuse(rs, path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return rs_refuse(rs, path, strerror(EISDIR));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return rs_refuse(rs, path, strerror(errno));
	close(fd);
	if (pct != NULL)
		return 0;
	type = ukfs_probe_type(path, &raw);
	if (type != NULL && strcmp(type, vfs) == 0)
		return 0;
	if (type == NULL && errno != ENOENT && errno != EOPNOTSUPP)
		return rs_refuse(rs, path, strerror(errno));
	if (type == NULL && *raw != '\0')
		type = raw;
	/* "an ffs", "an ext2fs", "a cd9660": by the first letter's sound */
	an = strchr("aefhilmnorsx", vfs[0]) != NULL ? "n" : "";
	if (type != NULL)
		snprintf(what, sizeof(what), "not a%s %s file system (found "
		    "%s)", an, vfs, type);
	else
		snprintf(what, sizeof(what), "not a%s %s file system", an, vfs);
	return rs_refuse(rs, path, what);
}

/* FUSE would take a file too, but a file system's root is a directory */
static int
rs_checkmountpoint(const struct rumpserv *rs)
{
	struct stat st;

	if (stat(rs->rs_mountpoint, &st) == -1)
		return rs_refuse(rs, rs->rs_mountpoint, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return rs_refuse(rs, rs->rs_mountpoint, strerror(ENOTDIR));
	return 0;
}

/* the options given, the driver's own rules, then the image's checks */
static int
rs_diskfs(struct rumpserv *rs)
{
	const struct ukfs_driver *drv = rs->rs_drv;
	int flags = rs->rs_mo.uo_flags;

	if (rs_checkimage(rs) != 0 || (drv->ud_check != NULL &&
	    drv->ud_check(rs->rs_name, rs->rs_special, flags) != 0))
		return 1;
	return p2k_run_diskfs(rs->rs_argc, rs->rs_argv, drv->ud_name,
	    rs->rs_special, NULL, "/mnt", flags, rs->rs_args,
	    drv->ud_argsize, P2K_BLK(rs->rs_mo.uo_blk));
}

/*
 * A file system without an image (nfs: host:/path): the driver's check
 * of the special, which becomes its args' fspec (the first member).
 */
static int
rs_devlessfs(struct rumpserv *rs)
{
	const struct ukfs_driver *drv = rs->rs_drv;
	int flags = rs->rs_mo.uo_flags;

	if (drv->ud_check != NULL &&
	    drv->ud_check(rs->rs_name, rs->rs_special, flags) != 0)
		return 1;
	if (drv->ud_argsize >= sizeof(char *))
		*(const char **)rs->rs_args = rs->rs_special;
	return p2k_run_fs(rs->rs_argc, rs->rs_argv, drv->ud_name,
	    rs->rs_special, "/mnt", flags, rs->rs_args, drv->ud_argsize, 0);
}

int
rumpserv_main(const struct ukfs_driver *drv, const char *progname,
    int argc, char **argv)
{
	struct rumpserv rs;
	int r;

	memset(&rs, 0, sizeof(rs));
	rs.rs_drv = drv;
	rs.rs_name = progname;
	ukfs_mntopts_init(&rs.rs_mo);
	if ((rs.rs_args = ukfs_driver_mkargs(drv)) == NULL ||
	    rs_addarg(&rs, progname) != 0)
		return 1;
	r = rs_parse(&rs, argc, argv);
	if (r != 0) {
		if (r == -1)
			rs_usage(&rs, stderr);
		return r > 0 ? 0 : 2;
	}
	if (drv->ud_readonly)
		rs.rs_mo.uo_flags |= RUMP_MNT_RDONLY;
	if (rs_checkmountpoint(&rs) != 0 ||
	    rs_addarg(&rs, rs.rs_mountpoint) != 0)
		return 1;
	if (!drv->ud_disk)
		return rs_devlessfs(&rs);
	return rs_diskfs(&rs);
}
