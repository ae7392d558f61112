/*
 * NFS backends, run only with FSTEST_NFS=host:/path naming an NFSv3
 * export of a server on this machine (tests/fs/t_fs_nfs.sh starts
 * nfs-ganesha on 127.0.0.1 and sets it): /path is then a host directory
 * as well, and each case gets a fresh subdirectory of it, made and
 * removed here on the host side and mounted as host:/path/fstest.XXXXXX
 * (MOUNT v3 hands out the handle of a directory below an export).  The
 * names never repeat: the server caches what it saw, and a directory
 * removed behind its back must not meet a new one of the same name.
 * FSTEST_NFS_PORTS=nfs,mount gives the server's ports (rpcbind may know
 * another server); unset, the portmapper is asked.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fstest.h"
#include "fstest_rump.h"
#include "fstest_nfs.h"
#include "../../rump/fs/nfs/nfs_args.h"

#define NFS_MNT		"/mnt"
#define NFS_CASEDIR	"/fstest."

struct nfs_cookie {
	char spec[PATH_MAX];
	struct nfs_args args;
};

/* the export's host path (after "host:"), or NULL if none is set */
static const char *
nfs_export_path(size_t *hostlen)
{
	const char *exp = getenv(FSTEST_NFS_ENV), *colon;

	if (exp == NULL || (colon = strchr(exp, ':')) == NULL ||
	    colon == exp || colon[1] != '/')
		return NULL;
	*hostlen = (size_t)(colon - exp);
	return colon + 1;
}

/* FSTEST_NFS_PORTS: true and the two ports if it is set and good */
static bool
nfs_ports(unsigned int *port, unsigned int *mntport)
{
	const char *p = getenv("FSTEST_NFS_PORTS");
	char end;

	return p != NULL && sscanf(p, "%u,%u%c", port, mntport, &end) == 2 &&
	    *port > 0 && *port < 65536 && *mntport > 0 && *mntport < 65536;
}

int
fstest_nfs_mkspecial(const struct fstest_backend *be, char *spec,
    size_t speclen, char *opts, size_t optslen)
{
	const char *path;
	unsigned int port, mntport;
	char dir[PATH_MAX];
	size_t hostlen;
	int n;

	(void)be;
	if ((path = nfs_export_path(&hostlen)) == NULL) {
		errno = ENODEV;
		return -1;
	}
	n = snprintf(dir, sizeof(dir), "%s" NFS_CASEDIR "XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* an empty 0755 root, as a fresh disk file system has */
	if (mkdtemp(dir) == NULL)
		return -1;
	if (chmod(dir, 0755) == -1) {
		rmdir(dir);
		return -1;
	}
	n = snprintf(spec, speclen, "%.*s:%s", (int)hostlen,
	    getenv(FSTEST_NFS_ENV), dir);
	if (n < 0 || (size_t)n >= speclen) {
		rmdir(dir);
		errno = ENAMETOOLONG;
		return -1;
	}
	opts[0] = '\0';
	if (nfs_ports(&port, &mntport))
		snprintf(opts, optslen, "port=%u,mountport=%u", port, mntport);
	return 0;
}

static int
nfs_rm_one(const char *path, const struct stat *sb, int type,
    struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (type == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return 0;
}

void
fstest_nfs_rmspecial(const char *spec)
{
	const char *path, *dir = strchr(spec, ':');
	size_t hostlen, len;

	/* only a case directory of the export, never anything else */
	if (dir == NULL || (path = nfs_export_path(&hostlen)) == NULL)
		return;
	dir++;
	len = strlen(path);
	if (strncmp(dir, path, len) != 0 ||
	    strncmp(dir + len, NFS_CASEDIR, strlen(NFS_CASEDIR)) != 0 ||
	    strchr(dir + len + 1, '/') != NULL)
		return;
	(void)nftw(dir, nfs_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
fstest_nfs_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{
	struct nfs_cookie *nc;
	unsigned int port, mntport;
	char opts[64];
	int error;

	(void)workdir;
	if ((nc = calloc(1, sizeof(*nc))) == NULL)
		return -1;
	if (fstest_nfs_mkspecial(be, nc->spec, sizeof(nc->spec), opts,
	    sizeof(opts)) == -1) {
		error = errno;
		free(nc);
		errno = error;
		return -1;
	}
	nc->args.fspec = nc->spec;
	if (nfs_ports(&port, &mntport)) {
		nc->args.na_port = port;
		nc->args.na_mntport = mntport;
	}
	if (fstest_rump_mount("nfs", NFS_MNT, 0, &nc->args,
	    sizeof(nc->args)) == -1) {
		error = errno;
		printf("# mount of %s failed: %s\n", nc->spec, strerror(error));
		fstest_nfs_rmspecial(nc->spec);
		free(nc);
		errno = error == EOPNOTSUPP ? ENODEV : error;
		return -1;
	}
	snprintf(mnt, mntlen, "%s", NFS_MNT);
	*cookiep = nc;
	return 0;
}

void
fstest_nfs_teardown(void *cookie)
{
	struct nfs_cookie *nc = cookie;

	fstest_rump_teardown(NFS_MNT);
	fstest_nfs_rmspecial(nc->spec);
	free(nc);
}

int
fstest_nfs_unmount(void *cookie)
{

	(void)cookie;
	return fstest_rump_unmount(NFS_MNT);
}

int
fstest_nfs_remount_ro(void *cookie)
{
	struct nfs_cookie *nc = cookie;

	return fstest_rump_remount_ro("nfs", NFS_MNT, &nc->args,
	    sizeof(nc->args));
}
