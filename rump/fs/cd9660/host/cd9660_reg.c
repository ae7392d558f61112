/*
 * cd9660 as the front ends see it: its names, how to know an image
 * ("CD001" in the first volume descriptor, sector 16), its own -o words
 * (those of mount_cd9660(8), and session=N), and the refusal of "rw":
 * ISO 9660 is never writable.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/ukfs_driver.h>

#include "../cd9660_args.h"

#define CD9660_REG_VDOFF	(16 * 2048 + 1)	/* standard identifier */

static bool
cd9660_reg_probe(ukfs_readfn read, void *ctx)
{
	char id[5];

	if (read(ctx, id, sizeof(id), CD9660_REG_VDOFF) != 0)
		return false;
	return memcmp(id, "CD001", sizeof(id)) == 0;
}

/* the flag words of mount_cd9660(8) and their opposites */
static const struct ukfs_flagword cd9660_reg_words[] = {
	{ "norrip", CD9660_ARG_NORRIP, 0 },
	{ "nrr", CD9660_ARG_NORRIP, 0 },
	{ "rrip", 0, CD9660_ARG_NORRIP },
	{ "nojoliet", CD9660_ARG_NOJOLIET, 0 },
	{ "joliet", 0, CD9660_ARG_NOJOLIET },
	{ "nomaplcase", CD9660_ARG_NOMAPLCASE, 0 },
	{ "maplcase", 0, CD9660_ARG_NOMAPLCASE },
	{ "gens", CD9660_ARG_GENS, 0 },
	{ "rrcaseins", CD9660_ARG_RRCASEINS, 0 },
};

static int
cd9660_reg_session(const char *who, struct cd9660_args *ca,
    const char *value)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = value != NULL ? strtoul(value, &end, 10) : 0;
	if (value == NULL || *value == '\0' || *end != '\0' || errno != 0 ||
	    n < 1 || n > 99) {
		fprintf(stderr, "%s: -o session=%s: a session number from 1 "
		    "to 99 is needed\n", who, value != NULL ? value : "");
		return -1;
	}
	ca->ca_session = (uint32_t)n;
	return 1;
}

static int
cd9660_reg_option(const char *who, void *args, int *mntflags,
    const char *key, const char *value)
{
	struct cd9660_args *ca = args;

	(void)mntflags;
	if (strcmp(key, "rw") == 0) {
		fprintf(stderr, "%s: ISO 9660 file systems are not writable; "
		    "use -o ro\n", who);
		return -1;
	}
	if (strcmp(key, "session") == 0)
		return cd9660_reg_session(who, ca, value);
	return ukfs_flagword(who, cd9660_reg_words,
	    sizeof(cd9660_reg_words) / sizeof(cd9660_reg_words[0]), key, value,
	    &ca->ca_flags);
}

static const char *const cd9660_reg_aliases[] = {
	"iso9660", "iso", "cd9660fs", NULL
};

static const struct ukfs_driver cd9660_driver = {
	.ud_name = "cd9660",
	.ud_human = "ISO 9660 (Rock Ridge, Joliet, zisofs; read-only)",
	.ud_aliases = cd9660_reg_aliases,
	.ud_order = 40,
	.ud_disk = true,
	.ud_readonly = true,
	.ud_argsize = sizeof(struct cd9660_args),
	.ud_probe = cd9660_reg_probe,
	.ud_option = cd9660_reg_option,
	.ud_options_help = ",\n      norrip, nojoliet, nomaplcase, gens, "
	    "rrcaseins, session=N",
};
UKFS_DRIVER_REGISTER(cd9660_driver)
