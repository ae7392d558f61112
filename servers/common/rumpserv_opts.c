/*
 * The mount options of the rump_<fs> servers that are not mount flags:
 * those go through ukfs's table (ukfs_mntopts_parse), the rest come here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUSE_USE_VERSION 35
#include <fuse_opt.h>

#include <rump/ukfs_driver.h>

#include "rumpserv_impl.h"

/* mount(8) words that mean nothing to us (mount.fuse3 handles them) */
static const char *const rs_ignored[] = {
	"defaults", "auto", "noauto", "user", "users", "nouser", "owner",
	"group", "_netdev", "nofail", "relatime", "norelatime", "strictatime",
	"lazytime", "nolazytime", "loud", "silent", "std", "x-systemd", NULL
};

/* options for the FUSE mount itself, passed through */
static const char *const rs_fuse[] = {
	"allow_other", "allow_root", "default_permissions", "auto_unmount",
	"noauto_unmount", "shutdown_timeout",
	"fsname", "subtype", "max_read", "blkdev", "blksize", "nodev", "dev",
	"nosuid", "suid", "noexec", "exec", "dirsync", "atime", "context",
	"fscontext", "defcontext", "rootcontext", NULL
};

static bool
rs_inlist(const char *const *list, const char *key)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, key) == 0 ||
		    (strncmp(key, "x-", 2) == 0 &&
		    strcmp(*list, "x-systemd") == 0))
			return true;
	return false;
}

/*
 * Hand key[=value] on to p2k and FUSE as one -o word, escaped: they split
 * option lists at commas, and a value may hold one (fsname=a,b).
 */
static int
rs_passarg(struct rumpserv *rs, const char *key, const char *value)
{
	char *kv = NULL, *opts = NULL;
	int rv = -1;

	if (asprintf(&kv, "%s%s%s", key, value ? "=" : "",
	    value ? value : "") == -1)
		return -1;
	if (fuse_opt_add_opt_escaped(&opts, kv) == 0 &&
	    rs_addarg(rs, "-o") == 0)
		rv = rs_addarg(rs, opts);
	free(kv);
	free(opts);
	return rv;
}

/* uid=N, gid=N: a number (p2k checks its range) */
static int
rs_idopt(struct rumpserv *rs, const char *key, const char *value)
{
	if (value == NULL || *value == '\0' ||
	    strspn(value, "0123456789") != strlen(value)) {
		fprintf(stderr, "%s: -o %s=%s: a numeric id is needed\n",
		    rs->rs_name, key, value ? value : "");
		return -1;
	}
	return rs_passarg(rs, key, value);
}

/*
 * What ukfs's table and the driver leave: mount(8)'s words, p2k's and
 * FUSE's.  0, or -1 after printing why not.
 */
static int
rs_leftover(void *ctx, const char *key, const char *value)
{
	struct rumpserv *rs = ctx;

	if (rs_inlist(rs_ignored, key))
		return 0;
	/* p2k's: who the callers are inside the file system */
	if (strcmp(key, "fakeroot") == 0 && value == NULL)
		return rs_passarg(rs, key, NULL);
	if (strcmp(key, "uid") == 0 || strcmp(key, "gid") == 0)
		return rs_idopt(rs, key, value);
	if (rs_inlist(rs_fuse, key))
		return rs_passarg(rs, key, value);
	fprintf(stderr, "%s: unknown option '%s'\n", rs->rs_name, key);
	return -1;
}

int
rs_optlist(struct rumpserv *rs, const char *list)
{
	return ukfs_mntopts_parse(&rs->rs_mo, list, rs->rs_drv, rs->rs_args,
	    rs->rs_name, rs_leftover, rs);
}

int
rs_optword(struct rumpserv *rs, const char *key, const char *value)
{
	return ukfs_mntopts_word(&rs->rs_mo, key, value, rs->rs_drv,
	    rs->rs_args, rs->rs_name, rs_leftover, rs);
}
