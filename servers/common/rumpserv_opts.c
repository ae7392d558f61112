/*
 * Mount options common to every rump_<fs> server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUSE_USE_VERSION 35
#include <fuse_opt.h>

#include <rump/p2k.h>
#include <rump/rumpdefs.h>

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

static int
rs_blkbackend(struct rumpserv *rs, const char *value)
{
	if (value == NULL)
		return -1;
	if (strcmp(value, "buffered") == 0)
		rs->rs_blk = P2K_BLK_BUFFERED;
	else if (strcmp(value, "direct") == 0)
		rs->rs_blk = P2K_BLK_DIRECT;
	else if (strcmp(value, "mmap") == 0)
		rs->rs_blk = P2K_BLK_MMAP;
	else
		return -1;
	return 0;
}

/* the flags every disk file system's mount_<fs> knows */
static bool
rs_flagopt(struct rumpserv *rs, const char *key)
{
	static const struct { const char *k; int set, clr; } tab[] = {
		{ "ro", RUMP_MNT_RDONLY, 0 },
		{ "rdonly", RUMP_MNT_RDONLY, 0 },
		{ "rw", 0, RUMP_MNT_RDONLY },
		{ "sync", RUMP_MNT_SYNCHRONOUS, RUMP_MNT_ASYNC },
		{ "async", RUMP_MNT_ASYNC, RUMP_MNT_SYNCHRONOUS },
		{ "noatime", RUMP_MNT_NOATIME, 0 },
		{ "nodevmtime", RUMP_MNT_NODEVMTIME, 0 },
		{ "force", RUMP_MNT_FORCE, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strcmp(tab[i].k, key) == 0) {
			rs->rs_mntflags |= tab[i].set;
			rs->rs_mntflags &= ~tab[i].clr;
			return true;
		}
	}
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
		    rs->rs_fs->rs_name, key, value ? value : "");
		return -1;
	}
	return rs_passarg(rs, key, value);
}

/* One -o word.  0, or -1 after printing why not. */
int
rs_option(struct rumpserv *rs, char *word)
{
	char *value = strchr(word, '=');
	int r;

	if (*word == '\0')
		return 0;
	if (value != NULL)
		*value++ = '\0';
	if (rs->rs_fs->rs_option != NULL) {
		r = rs->rs_fs->rs_option(rs->rs_args, &rs->rs_mntflags, word,
		    value);
		if (r != 0)
			return r > 0 ? 0 : -1;
	}
	if (value == NULL && rs_flagopt(rs, word))
		return 0;
	if (strcmp(word, "blk") == 0 && rs->rs_fs->rs_disk) {
		if (rs_blkbackend(rs, value) == 0)
			return 0;
		fprintf(stderr, "%s: -o blk=%s: use buffered, direct or "
		    "mmap\n", rs->rs_fs->rs_name, value ? value : "");
		return -1;
	}
	if (rs_inlist(rs_ignored, word))
		return 0;
	/* p2k's: who the callers are inside the file system */
	if (strcmp(word, "fakeroot") == 0 && value == NULL)
		return rs_passarg(rs, word, NULL);
	if (strcmp(word, "uid") == 0 || strcmp(word, "gid") == 0)
		return rs_idopt(rs, word, value);
	if (rs_inlist(rs_fuse, word))
		return rs_passarg(rs, word, value);
	fprintf(stderr, "%s: unknown option '%s'\n", rs->rs_fs->rs_name,
	    word);
	return -1;
}
