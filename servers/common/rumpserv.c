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

int
rs_addarg(struct rumpserv *rs, const char *arg)
{
	if (rs->rs_argc >= RS_MAXARGS - 1) {
		fprintf(stderr, "%s: too many options\n", rs->rs_fs->rs_name);
		return -1;
	}
	if ((rs->rs_argv[rs->rs_argc] = strdup(arg)) == NULL)
		return -1;
	rs->rs_argv[++rs->rs_argc] = NULL;
	return 0;
}

static void
rs_usage(const struct rumpserv_fs *fs, FILE *f)
{
	fprintf(f, "usage: %s [-fds] [-o option[,option...]] %s mountpoint\n"
	    "       %s -h | --help | -V | --version\n"
	    "  -f  stay in the foreground   -d  debug (implies -f)\n"
	    "  -s  single-threaded\n"
	    "  -o  ro, rw, sync, async, noatime, nodevmtime, force%s%s,\n"
	    "      noauto_unmount (auto_unmount is the default), "
	    "shutdown_timeout=seconds,\n"
	    "      fakeroot, uid=N, gid=N, fsname=name, subtype=type,\n"
	    "      and FUSE's: allow_other, default_permissions, ...\n",
	    fs->rs_name, fs->rs_disk ? "image" : "special", fs->rs_name,
	    fs->rs_disk ? ", blk=buffered|direct|mmap" : "",
	    fs->rs_options_help ? fs->rs_options_help : "");
}

static int
rs_optlist(struct rumpserv *rs, const char *list)
{
	char *copy, *word, *save = NULL;
	int rv = 0;

	if ((copy = strdup(list)) == NULL)
		return -1;
	for (word = strtok_r(copy, ",", &save); word != NULL && rv == 0;
	    word = strtok_r(NULL, ",", &save))
		rv = rs_option(rs, word);
	free(copy);
	return rv;
}

/*
 * 0: go on; 1: exit 0 (help, version); -1: exit 2 (usage); -2: exit 2
 * (said why)
 */
static int
rs_parse(struct rumpserv *rs, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			rs_usage(rs->rs_fs, stdout);
			return 1;
		} else if (strcmp(a, "-V") == 0 ||
		    strcmp(a, "--version") == 0) {
			printf("%s %s\n", rs->rs_fs->rs_name, RUMPFS_VERSION);
			return 1;
		} else if (strcmp(a, "-o") == 0) {
			if (++i == argc)
				return -1;
			if (rs_optlist(rs, argv[i]) != 0)
				return -2;
		} else if (strncmp(a, "-o", 2) == 0) {
			if (rs_optlist(rs, a + 2) != 0)
				return -2;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "-d") == 0 ||
		    strcmp(a, "-s") == 0) {
			if (rs_addarg(rs, a) != 0)
				return -1;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "%s: unknown flag %s\n",
			    rs->rs_fs->rs_name, a);
			return -1;
		} else if (rs->rs_special == NULL) {
			rs->rs_special = a;
		} else if (rs->rs_mountpoint == NULL) {
			rs->rs_mountpoint = a;
		} else {
			fprintf(stderr, "%s: extra operand %s\n",
			    rs->rs_fs->rs_name, a);
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
	fprintf(stderr, "%s: %s: %s\n", rs->rs_fs->rs_name, path, what);
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
	const char *vfs = rs->rs_fs->rs_vfsname, *type, *raw, *an;
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

int
rumpserv_main(const struct rumpserv_fs *fs, int argc, char **argv)
{
	struct rumpserv rs;
	int r;

	memset(&rs, 0, sizeof(rs));
	rs.rs_fs = fs;
	if ((rs.rs_args = calloc(1, fs->rs_argsize ? fs->rs_argsize : 1)) ==
	    NULL || rs_addarg(&rs, fs->rs_name) != 0)
		return 1;
	r = rs_parse(&rs, argc, argv);
	if (r != 0) {
		if (r == -1)
			rs_usage(fs, stderr);
		return r > 0 ? 0 : 2;
	}
	if (fs->rs_readonly)
		rs.rs_mntflags |= RUMP_MNT_RDONLY;
	if (rs_checkmountpoint(&rs) != 0 ||
	    rs_addarg(&rs, rs.rs_mountpoint) != 0)
		return 1;
	if (!fs->rs_disk)
		return p2k_run_fs(rs.rs_argc, rs.rs_argv, fs->rs_vfsname,
		    rs.rs_special, "/mnt", rs.rs_mntflags, rs.rs_args,
		    fs->rs_argsize, 0);
	if (rs_checkimage(&rs) != 0 || (fs->rs_check != NULL &&
	    fs->rs_check(rs.rs_special, rs.rs_mntflags) != 0))
		return 1;
	return p2k_run_diskfs(rs.rs_argc, rs.rs_argv, fs->rs_vfsname,
	    rs.rs_special, NULL, "/mnt", rs.rs_mntflags, rs.rs_args,
	    fs->rs_argsize, P2K_BLK(rs.rs_blk));
}
