/*
 * The mount options every driver takes: one table for fs-utils and the
 * servers, so that the same -o list means the same mount in both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rumpdefs.h>
#include <rump/ukfs.h>
#include <rump/ukfs_driver.h>

struct ukfs_mntflagopt {
	const char *uf_name;
	int uf_set;
	int uf_clr;			/* what the word undoes: last one wins */
};

static const struct ukfs_mntflagopt ukfs_mntflagopts[] = {
	{ "ro", RUMP_MNT_RDONLY, 0 },
	{ "rdonly", RUMP_MNT_RDONLY, 0 },
	{ "rw", 0, RUMP_MNT_RDONLY },
	{ "sync", RUMP_MNT_SYNCHRONOUS, RUMP_MNT_ASYNC },
	{ "async", RUMP_MNT_ASYNC, RUMP_MNT_SYNCHRONOUS },
	{ "noatime", RUMP_MNT_NOATIME, 0 },
	{ "nodevmtime", RUMP_MNT_NODEVMTIME, 0 },
	{ "force", RUMP_MNT_FORCE, 0 },
};

static const struct {
	const char *ub_name;
	int ub_blk;
} ukfs_blkopts[] = {
	{ "buffered", UKFS_BLK_BUFFERED },
	{ "direct", UKFS_BLK_DIRECT },
	{ "mmap", UKFS_BLK_MMAP },
};

void
ukfs_mntopts_init(struct ukfs_mntopts *mo)
{
	mo->uo_flags = 0;
	mo->uo_blk = UKFS_BLK_BUFFERED;
}

static bool
ukfs_mntopt_flag(struct ukfs_mntopts *mo, const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(ukfs_mntflagopts) /
	    sizeof(ukfs_mntflagopts[0]); i++) {
		if (strcmp(ukfs_mntflagopts[i].uf_name, key) == 0) {
			mo->uo_flags &= ~ukfs_mntflagopts[i].uf_clr;
			mo->uo_flags |= ukfs_mntflagopts[i].uf_set;
			return true;
		}
	}
	return false;
}

static int
ukfs_mntopt_blk(struct ukfs_mntopts *mo, const char *who, const char *value)
{
	size_t i;

	for (i = 0; value != NULL && i < sizeof(ukfs_blkopts) /
	    sizeof(ukfs_blkopts[0]); i++) {
		if (strcmp(ukfs_blkopts[i].ub_name, value) == 0) {
			mo->uo_blk = ukfs_blkopts[i].ub_blk;
			return 0;
		}
	}
	fprintf(stderr, "%s: -o blk=%s: use buffered, direct or mmap\n", who,
	    value != NULL ? value : "");
	return -1;
}

int
ukfs_mntopts_word(struct ukfs_mntopts *mo, const char *word,
    const char *value, const struct ukfs_driver *drv, void *args,
    const char *who, ukfs_leftoverfn leftover, void *ctx)
{
	int r;

	if (drv != NULL && drv->ud_option != NULL) {
		r = drv->ud_option(who, args, &mo->uo_flags, word, value);
		if (r != 0)
			return r > 0 ? 0 : -1;
	}
	if (value == NULL && ukfs_mntopt_flag(mo, word))
		return 0;
	if (strcmp(word, "blk") == 0 && (drv == NULL || drv->ud_disk))
		return ukfs_mntopt_blk(mo, who, value);
	if (leftover != NULL)
		return leftover(ctx, word, value);
	fprintf(stderr, "%s: unknown mount option '%s%s%s'\n", who, word,
	    value != NULL ? "=" : "", value != NULL ? value : "");
	return -1;
}

int
ukfs_mntopts_parse(struct ukfs_mntopts *mo, const char *list,
    const struct ukfs_driver *drv, void *args, const char *who,
    ukfs_leftoverfn leftover, void *ctx)
{
	char *copy, *word, *value, *save = NULL;
	int rv = 0;

	if ((copy = strdup(list)) == NULL) {
		perror(who);
		return -1;
	}
	for (word = strtok_r(copy, ",", &save); word != NULL && rv == 0;
	    word = strtok_r(NULL, ",", &save)) {
		/* split at the first '=': key and value */
		if ((value = strchr(word, '=')) != NULL)
			*value++ = '\0';
		rv = ukfs_mntopts_word(mo, word, value, drv, args, who,
		    leftover, ctx);
	}
	free(copy);
	return rv;
}
