/*
 * msdosfs as the front ends see it: its names, how to know a FAT image,
 * the defaults of mount_msdos(8) and its options, as -o words and as the
 * rump_msdos server's flags.
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/ukfs_driver.h>

#include "../msdosfs_args.h"

/* the boot sector and its BIOS parameter block (offsets, little-endian) */
#define MSR_JMP		0	/* 0xeb xx 0x90 or 0xe9 xx xx */
#define MSR_BPS		11	/* le16: bytes per sector */
#define MSR_SPC		13	/* sectors per cluster */
#define MSR_RESERVED	14	/* le16: sectors before the first FAT */
#define MSR_NFATS	16
#define MSR_ROOTENTS	17	/* le16: 0 on FAT32 */
#define MSR_TOTSEC16	19	/* le16 */
#define MSR_MEDIA	21
#define MSR_FATSZ16	22	/* le16: 0 on FAT32 */
#define MSR_TOTSEC32	32	/* le32 */
#define MSR_FATSZ32	36	/* le32, FAT32 only */
#define MSR_SIG		510	/* 0x55 0xaa */
#define MSR_SECTOR	512

#define MSR_MODEMAX	0777
/* no zone is a day away from UTC */
#define MSR_GMTOFFMAX	(24 * 60 * 60)

static unsigned
msr_le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
msr_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static bool
msr_pow2(unsigned v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/*
 * The 0x55aa signature alone is every MBR's; a boot jump and a BPB whose
 * every field is in range make a FAT volume (and rule out NTFS and exFAT,
 * whose BPBs hold zeroes where FAT's may not).
 */
static bool
msr_bpb_sane(const unsigned char *b)
{
	unsigned bps = msr_le16(b + MSR_BPS), fatsz16;
	unsigned media = b[MSR_MEDIA];

	if (b[MSR_JMP] != 0xeb && b[MSR_JMP] != 0xe9)
		return false;
	if (!msr_pow2(bps) || bps < 512 || bps > 4096)
		return false;
	if (!msr_pow2(b[MSR_SPC]) || msr_le16(b + MSR_RESERVED) == 0)
		return false;
	if (b[MSR_NFATS] != 1 && b[MSR_NFATS] != 2)
		return false;
	if (media != 0xf0 && media < 0xf8)
		return false;
	if (msr_le16(b + MSR_TOTSEC16) == 0 && msr_le32(b + MSR_TOTSEC32) == 0)
		return false;
	/* FAT12/16: a FAT size and a root directory; FAT32: neither here */
	fatsz16 = msr_le16(b + MSR_FATSZ16);
	if (fatsz16 != 0)
		return msr_le16(b + MSR_ROOTENTS) != 0;
	return msr_le16(b + MSR_ROOTENTS) == 0 &&
	    msr_le32(b + MSR_FATSZ32) != 0;
}

static bool
msdosfs_reg_probe(ukfs_readfn read, void *ctx)
{
	unsigned char b[MSR_SECTOR];

	if (read(ctx, b, sizeof(b), 0) != 0)
		return false;
	return b[MSR_SIG] == 0x55 && b[MSR_SIG + 1] == 0xaa && msr_bpb_sane(b);
}

/*
 * A -o word's value given to the key of a flag, or missing from a word
 * that needs one: one line, -1.
 */
static int
msr_novalue(const char *who, const char *key, const char *value)
{
	if (value != NULL)
		fprintf(stderr, "%s: -o %s=%s: %s takes no value\n", who, key,
		    value, key);
	else
		fprintf(stderr, "%s: -o %s: a value is needed (%s=...)\n",
		    who, key, key);
	return -1;
}

/* all of s is a number in base, within [min, max] */
static bool
msr_number(const char *s, int base, long long min, long long max,
    long long *vp)
{
	const char *digits = *s == '-' && min < 0 ? s + 1 : s;
	char *end;

	/* strtoll would take blanks and a sign before the digits */
	if (*digits < '0' || *digits > '9')
		return false;
	errno = 0;
	*vp = strtoll(s, &end, base);
	return errno == 0 && *end == '\0' && *vp >= min && *vp <= max;
}

static bool
msr_user(const char *name, uint32_t *idp)
{
	const struct passwd *pw = getpwnam(name);

	if (pw != NULL)
		*idp = (uint32_t)pw->pw_uid;
	return pw != NULL;
}

static bool
msr_group(const char *name, uint32_t *idp)
{
	const struct group *gr = getgrnam(name);

	if (gr != NULL)
		*idp = (uint32_t)gr->gr_gid;
	return gr != NULL;
}

/* uid=, gid=: a number or a name, as mount_msdos -u and -g take */
static int
msr_id(const char *who, const char *key, const char *value,
    bool (*byname)(const char *, uint32_t *), uint32_t *idp)
{
	long long v;

	/* -1 is no one: chown(2)'s "leave it" */
	if (msr_number(value, 10, 0, UINT32_MAX - 1, &v)) {
		*idp = (uint32_t)v;
		return 1;
	}
	if (*value != '\0' && byname(value, idp))
		return 1;
	fprintf(stderr, "%s: -o %s=%s: no such %s\n", who, key, value,
	    byname == msr_user ? "user" : "group");
	return -1;
}

static int
msr_mode(const char *who, const char *key, const char *value,
    uint32_t *modep)
{
	long long v;

	if (!msr_number(value, 8, 0, LLONG_MAX, &v)) {
		fprintf(stderr, "%s: -o %s=%s: not an octal mode\n", who, key,
		    value);
		return -1;
	}
	if (v > MSR_MODEMAX) {
		fprintf(stderr, "%s: -o %s=%s: more than %o: FAT has no "
		    "set-id or sticky bits\n", who, key, value, MSR_MODEMAX);
		return -1;
	}
	*modep = (uint32_t)v;
	return 1;
}

static int
msr_gmtoff(const char *who, const char *value, int32_t *offp)
{
	long long v;

	if (!msr_number(value, 10, -MSR_GMTOFFMAX, MSR_GMTOFFMAX, &v)) {
		fprintf(stderr, "%s: -o gmtoff=%s: not a number of seconds "
		    "east of UTC (-%d to %d)\n", who, value, MSR_GMTOFFMAX,
		    MSR_GMTOFFMAX);
		return -1;
	}
	*offp = (int32_t)v;
	return 1;
}

/*
 * mount_msdos(8): without -M, directories get -m's mask.  The args hold
 * no room to say "-M given", so which args had one is remembered here
 * (the options of one mount are parsed in one thread, before it).
 */
static const void *msr_dirmask_given;

static void
msdosfs_reg_mkargs(void *argsp)
{
	struct msdosfs_args *args = argsp;
	struct tm tm;
	time_t now = time(NULL);

	msr_dirmask_given = NULL;
	args->uid = (uint32_t)getuid();
	args->gid = (uint32_t)getgid();
	args->mask = 0755;
	args->dirmask = args->mask;
	args->flags = 0;
	/* FAT keeps local time: this host's offset now, as mount_msdos */
	args->gmtoff = localtime_r(&now, &tm) != NULL ?
	    (int32_t)tm.tm_gmtoff : 0;
}

/* -s, -l, -9: one of the three, the last one given */
static int
msr_names(struct msdosfs_args *args, int32_t flag)
{
	args->flags &= ~(MSDOSFSMNT_SHORTNAME | MSDOSFSMNT_LONGNAME |
	    MSDOSFSMNT_NOWIN95);
	args->flags |= flag;
	return 1;
}

static int
msr_nameflag(const char *key, int32_t *flagp)
{
	static const struct {
		const char *word;
		int32_t flag;
	} words[] = {
		{ "shortnames", MSDOSFSMNT_SHORTNAME },
		{ "longnames", MSDOSFSMNT_LONGNAME },
		{ "nowin95", MSDOSFSMNT_NOWIN95 },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(key, words[i].word) == 0) {
			*flagp = words[i].flag;
			return 1;
		}
	}
	return 0;
}

static int
msdosfs_reg_option(const char *who, void *argsp, int *mntflags,
    const char *key, const char *value)
{
	struct msdosfs_args *args = argsp;
	int32_t flag;
	int r;

	if (msr_nameflag(key, &flag))
		return value != NULL ? msr_novalue(who, key, value) :
		    msr_names(args, flag);
	if (strcmp(key, "uid") != 0 && strcmp(key, "gid") != 0 &&
	    strcmp(key, "mask") != 0 && strcmp(key, "dirmask") != 0 &&
	    strcmp(key, "gmtoff") != 0)
		return 0;
	if (value == NULL)
		return msr_novalue(who, key, NULL);
	if (strcmp(key, "uid") == 0)
		return msr_id(who, key, value, msr_user, &args->uid);
	if (strcmp(key, "gid") == 0)
		return msr_id(who, key, value, msr_group, &args->gid);
	if (strcmp(key, "gmtoff") == 0)
		return msr_gmtoff(who, value, &args->gmtoff);
	if (strcmp(key, "dirmask") == 0) {
		if ((r = msr_mode(who, key, value, &args->dirmask)) > 0)
			msr_dirmask_given = args;
		return r;
	}
	if ((r = msr_mode(who, key, value, &args->mask)) > 0 &&
	    msr_dirmask_given != args)
		args->dirmask = args->mask;
	return r;
}

static const struct ukfs_driver_flag msdosfs_reg_flags[] = {
	{ 'u', "uid", "uid", "owner of all files, number or name" },
	{ 'g', "gid", "gid", "group of all files, number or name" },
	{ 'm', "mask", "mask", "file modes, octal (default 755)" },
	{ 'M', "dirmask", "mask", "directory modes (default: -m's)" },
	{ 's', "shortnames", NULL, "8.3 names only" },
	{ 'l', "longnames", NULL, "long (VFAT) names" },
	{ '9', "nowin95", NULL, "long names ignored, never made" },
	{ 't', "gmtoff", "gmtoff", "seconds east of UTC of the times" },
	{ '\0', NULL, NULL, NULL }
};

static const char *const msdosfs_reg_aliases[] = {
	"msdosfs", "vfat", "fat", NULL
};

static const struct ukfs_driver msdosfs_driver = {
	.ud_name = "msdos",
	.ud_human = "FAT12/16/32 with VFAT long names",
	.ud_aliases = msdosfs_reg_aliases,
	.ud_order = 30,		/* after ffs and ext2fs: a stricter magic */
	.ud_disk = true,
	.ud_argsize = sizeof(struct msdosfs_args),
	.ud_probe = msdosfs_reg_probe,
	.ud_mkargs = msdosfs_reg_mkargs,
	.ud_option = msdosfs_reg_option,
	.ud_options_help = ",\n      uid=user, gid=group, mask=mode, "
	    "dirmask=mode, gmtoff=seconds,\n      shortnames, longnames, "
	    "nowin95",
	.ud_flags = msdosfs_reg_flags,
};
UKFS_DRIVER_REGISTER(msdosfs_driver)
