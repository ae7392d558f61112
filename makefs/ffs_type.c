/*
 * -t ffs: the -o words (NetBSD makefs's: version, bsize, fsize, density,
 * minfree, optimization, label, avgfilesize, avgfpdir, maxbpg, extent,
 * maxbpcg), what the image
 * can hold, and the type's entry.
 */
#include <stdlib.h>
#include <string.h>

#include "ffs.h"

static void *
mffs_new(void)
{
	struct mffs_opts *fo = calloc(1, sizeof(*fo));

	if (fo != NULL)
		fo->version = 1;	/* makefs(8)'s default */
	return fo;
}

static int
mffs_optim(struct mffs_opts *fo, const char *key, const char *value)
{
	if (value != NULL && strcmp(value, "time") == 0)
		fo->optim = 0;
	else if (value != NULL && strcmp(value, "space") == 0)
		fo->optim = 1;
	else {
		mkfs_warnx("-o %s: time or space is needed", key);
		return -1;
	}
	return 1;
}

static int
mffs_option(void *fsopts, const char *key, const char *value)
{
	struct mffs_opts *fo = fsopts;
	uint32_t v;

	if (strcmp(key, "version") == 0)
		return mkfs_optu32(key, value, 1, 2, &fo->version);
	if (strcmp(key, "bsize") == 0)
		return mkfs_optpow2(key, value, 4096, 65536, &fo->bsize);
	if (strcmp(key, "fsize") == 0)
		return mkfs_optpow2(key, value, 512, 65536, &fo->fsize);
	if (strcmp(key, "density") == 0) {
		if (mkfs_optu32(key, value, 512, UINT32_MAX, &v) < 0)
			return -1;
		fo->density = v;
		return 1;
	}
	if (strcmp(key, "minfree") == 0)
		return mkfs_optu32(key, value, 0, 99, &fo->minfree);
	if (strcmp(key, "optimization") == 0)
		return mffs_optim(fo, key, value);
	if (strcmp(key, "avgfilesize") == 0)
		return mkfs_optu32(key, value, 1, UINT32_MAX, &fo->avgfilesize);
	if (strcmp(key, "avgfpdir") == 0)
		return mkfs_optu32(key, value, 1, UINT32_MAX, &fo->avgfpdir);
	if (strcmp(key, "label") == 0)
		return mkfs_optstr(key, value, MAXVOLLEN - 1, &fo->label);
	if (strcmp(key, "maxbpg") == 0)
		return mkfs_optu32(key, value, 1, INT32_MAX, &fo->maxbpg);
	if (strcmp(key, "extent") == 0)
		return mkfs_optpow2(key, value, 4096, 1 << 20, &fo->extent);
	if (strcmp(key, "maxbpcg") == 0)
		return mkfs_optu32(key, value, 8, INT32_MAX, &fo->maxbpcg);
	return 0;
}

static int
mffs_check(void *fsopts, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	(void)fsopts;
	(void)dir;
	if (S_ISSOCK(n->st.st_mode)) {
		mkfs_warnx("%s: left out: a socket", n->host);
		return 1;
	}
	return 0;
}

/* bsize and fsize together: at most 8 fragments a block */
static int
mffs_plan_checked(void *fsopts, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t *sizep)
{
	const struct mffs_opts *fo = fsopts;
	uint32_t b = fo->bsize ? fo->bsize : fo->fsize ? 8 * fo->fsize : 8192;
	uint32_t f = fo->fsize ? fo->fsize : b / 8;

	if (b > 65536)
		b = 65536;
	if (f > b || b / f > MAXFRAG) {
		mkfs_warnx("-o bsize=%u,fsize=%u: fsize must be bsize/1 to "
		    "bsize/8", b, f);
		return -1;
	}
	if (fo->extent != 0 && fo->extent < b) {
		mkfs_warnx("-o extent=%u: less than the block size %u",
		    fo->extent, b);
		return -1;
	}
	return mffs_plan(fsopts, o, t, sizep);
}

const struct mkfs_type mkfs_type_ffs = {
	.name = "ffs",
	.vfsname = "ffs",
	.fsopts_new = mffs_new,
	.opthelp = "version=1|2, bsize, fsize, density, minfree,\n"
	    "\toptimization=time|space, avgfilesize, avgfpdir, label,\n"
	    "\tmaxbpg, extent, maxbpcg",
	.option = mffs_option,
	.check = mffs_check,
	.plan = mffs_plan_checked,
	.format = mffs_format,
	.owners = true,
	.links = true,
};
