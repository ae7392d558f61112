/*
 * nfs as the front ends see it: a special of the form host:/path (no
 * image to probe), and the options of mount_nfs(8): rsize/wsize (-r,
 * -w), tcp/udp (-T, -U), soft/hard, intr, timeo, retrans, port.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/ukfs_driver.h>

#include "../nfs_args.h"

/* the numeric words: where each goes, its range */
static const struct {
	const char *word;
	size_t off;
	unsigned long min, max;
} nfs_reg_nums[] = {
	{ "rsize", offsetof(struct nfs_args, na_rsize), 512, NFS_MAXIO },
	{ "wsize", offsetof(struct nfs_args, na_wsize), 512, NFS_MAXIO },
	{ "timeo", offsetof(struct nfs_args, na_timeo), 1, 6000 },
	{ "retrans", offsetof(struct nfs_args, na_retrans), 1, 1000 },
	{ "port", offsetof(struct nfs_args, na_port), 1, 65535 },
	{ "mountport", offsetof(struct nfs_args, na_mntport), 1, 65535 },
};

/* the flag words and their opposites */
static const struct ukfs_flagword nfs_reg_words[] = {
	{ "udp", NFS_ARG_UDP, 0 },
	{ "tcp", 0, NFS_ARG_UDP },
	{ "soft", NFS_ARG_SOFT, 0 },
	{ "hard", 0, NFS_ARG_SOFT },
	{ "intr", NFS_ARG_INTR, 0 },
	{ "nointr", 0, NFS_ARG_INTR },
};

static int
nfs_reg_num(const char *who, struct nfs_args *na, size_t i,
    const char *value)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = value != NULL ? strtoul(value, &end, 10) : 0;
	if (value == NULL || *value == '\0' || *end != '\0' || errno != 0 ||
	    n < nfs_reg_nums[i].min || n > nfs_reg_nums[i].max) {
		fprintf(stderr, "%s: -o %s=%s: a number from %lu to %lu is "
		    "needed\n", who, nfs_reg_nums[i].word, value ? value : "",
		    nfs_reg_nums[i].min, nfs_reg_nums[i].max);
		return -1;
	}
	*(uint32_t *)(void *)((char *)na + nfs_reg_nums[i].off) =
	    (uint32_t)n;
	return 1;
}

static int
nfs_reg_option(const char *who, void *args, int *mntflags,
    const char *key, const char *value)
{
	struct nfs_args *na = args;
	size_t i;

	(void)mntflags;
	for (i = 0; i < sizeof(nfs_reg_nums) / sizeof(nfs_reg_nums[0]); i++)
		if (strcmp(key, nfs_reg_nums[i].word) == 0)
			return nfs_reg_num(who, na, i, value);
	return ukfs_flagword(who, nfs_reg_words,
	    sizeof(nfs_reg_words) / sizeof(nfs_reg_words[0]), key, value,
	    &na->na_flags);
}

/* the special must be host:/path */
static int
nfs_reg_check(const char *who, const char *special, int mntflags)
{
	const char *colon = strchr(special, ':');

	(void)mntflags;
	if (colon == NULL || colon == special || colon[1] != '/') {
		fprintf(stderr, "%s: %s: not host:/path\n", who, special);
		return -1;
	}
	return 0;
}

static const struct ukfs_driver_flag nfs_reg_flags[] = {
	{ 'r', "rsize", "rsize", "bytes per READ" },
	{ 'w', "wsize", "wsize", "bytes per WRITE" },
	{ 'T', "tcp", NULL, "use TCP (the default)" },
	{ 'U', "udp", NULL, "use UDP" },
	{ 0, NULL, NULL, NULL },
};

static const char *const nfs_reg_aliases[] = { "nfs3", NULL };

static const struct ukfs_driver nfs_driver = {
	.ud_name = "nfs",
	.ud_human = "NFSv3 client (host:/path)",
	.ud_aliases = nfs_reg_aliases,
	.ud_order = 90,
	.ud_disk = false,
	.ud_argsize = sizeof(struct nfs_args),
	.ud_option = nfs_reg_option,
	.ud_options_help = ",\n      rsize=N, wsize=N, tcp, udp, soft, hard, "
	    "intr, timeo=N (1/10 s), retrans=N,\n      port=N, mountport=N",
	.ud_check = nfs_reg_check,
	.ud_flags = nfs_reg_flags,
};
UKFS_DRIVER_REGISTER(nfs_driver)
