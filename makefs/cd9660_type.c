/*
 * -t cd9660: the -o words (NetBSD makefs's names, with joliet and
 * isolevel as xorriso and mkisofs have them), what the format holds,
 * and the type's entry.  No kernel driver writes ISO 9660: format()
 * writes the whole image and nothing is mounted (vfsname NULL).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cd9660.h"

static const char *const c9_later[] = {
	"allow-max-name", "allow-multidot", "archimedes", "boot-info-table",
	"boot-load-segment", "chrp-boot", "creation-date", "effective-date",
	"expiration-date", "generic-bootimage", "hard-disk-boot",
	"hide-rr-moved", "keep-bad-images", "modification-date",
	"rr-squash", NULL
};

static void *
c9_new(void)
{
	struct c9_opts *co = calloc(1, sizeof(*co));

	if (co != NULL) {
		co->level = 2;
		co->volid = "CDROM";
		co->appid = "RUMPFS MAKEFS";
	}
	return co;
}

/* a flag word takes no value */
static int
c9_flag(const char *key, const char *value, bool *vp)
{
	if (value != NULL) {
		mkfs_warnx("-o %s=%s: %s takes no value", key, value, key);
		return -1;
	}
	*vp = true;
	return 1;
}

/* bootimage=sysid;file */
static int
c9_bootimage(struct c9_opts *co, const char *key, char *value)
{
	char *semi = value != NULL ? strchr(value, ';') : NULL;

	if (semi == NULL || semi == value || semi[1] == '\0') {
		mkfs_warnx("-o %s: sysid;file is needed", key);
		return -1;
	}
	*semi = '\0';
	co->bootsys = value;
	co->bootfile = semi + 1;
	return 1;
}

static const struct {
	const char *key;
	size_t off;
} c9_flags[] = {
	{ "rockridge", offsetof(struct c9_opts, rr) },
	{ "joliet", offsetof(struct c9_opts, joliet) },
	{ "allow-deep-trees", offsetof(struct c9_opts, deep) },
	{ "omit-trailing-period", offsetof(struct c9_opts, notrailing) },
	{ "no-trailing-padding", offsetof(struct c9_opts, nopad) },
	{ "no-emul-boot", offsetof(struct c9_opts, noemul) },
	{ "no-boot", offsetof(struct c9_opts, noboot) },
};

static int
c9_option(void *fsopts, const char *key, const char *value)
{
	struct c9_opts *co = fsopts;
	size_t i;

	for (i = 0; i < sizeof(c9_flags) / sizeof(c9_flags[0]); i++)
		if (strcmp(key, c9_flags[i].key) == 0)
			return c9_flag(key, value,
			    (bool *)((char *)co + c9_flags[i].off));
	if (strcmp(key, "isolevel") == 0)
		return mkfs_optu32(key, value, 1, 3, &co->level);
	if (strcmp(key, "label") == 0 || strcmp(key, "volumeid") == 0)
		return mkfs_optstr(key, value, 32, &co->volid);
	if (strcmp(key, "publisher") == 0)
		return mkfs_optstr(key, value, 128, &co->publisher);
	if (strcmp(key, "preparer") == 0)
		return mkfs_optstr(key, value, 128, &co->preparer);
	if (strcmp(key, "applicationid") == 0)
		return mkfs_optstr(key, value, 128, &co->appid);
	if (strcmp(key, "bootimage") == 0)	/* the value is our copy */
		return c9_bootimage(co, key, (char *)value);
	for (i = 0; c9_later[i] != NULL; i++) {
		if (strcmp(key, c9_later[i]) == 0) {
			mkfs_warnx("-o %s: not yet supported", key);
			return -1;
		}
	}
	return 0;
}

int
c9_check(void *fsopts, const struct mkfs_node *dir, const struct mkfs_node *n)
{
	struct c9_opts *co = fsopts;
	mode_t fmt = n->st.st_mode & S_IFMT;
	struct c9_node tmp = { .src = n };

	(void)dir;
	if (co->joliet && c9_jolname(&tmp) != 0)
		return -1;
	if (fmt == S_IFREG && co->level < 3 &&
	    (uint64_t)n->st.st_size > UINT32_MAX) {
		mkfs_warnx("%s: %llu bytes: a file past 4 GiB needs -o "
		    "isolevel=3", n->host, (unsigned long long)n->st.st_size);
		return -1;
	}
	if (fmt == S_IFREG || fmt == S_IFDIR || co->rr)
		return 0;
	mkfs_warnx("%s: left out: only Rock Ridge (-o rockridge) holds "
	    "what is not a file or a directory", n->host);
	return 1;
}

const struct mkfs_type mkfs_type_cd9660 = {
	.name = "cd9660",
	.vfsname = NULL,
	.fsopts_new = c9_new,
	.opthelp = "isolevel=1|2|3, rockridge, joliet, label|volumeid,\n"
	    "\tpublisher, preparer, applicationid, allow-deep-trees,\n"
	    "\tomit-trailing-period, no-trailing-padding,\n"
	    "\tbootimage=i386;file, no-emul-boot, no-boot",
	.option = c9_option,
	.check = c9_check,
	.plan = c9_plan,
	.format = c9_format,
	.owners = true,
	.links = true,
};
