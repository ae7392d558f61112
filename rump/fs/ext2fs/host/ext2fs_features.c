/*
 * Which ext2 features stop a read-write mount, named on one line before
 * the rump kernel boots (the driver refuses such a mount with EROFS too,
 * as Linux and NetBSD do, but its console line can only name the rump
 * block device).  The writable sets must match EXT2F_INCOMPAT_RW and
 * EXT2F_ROCOMPAT_RW in rump/fs/ext2fs/ext2fs_format.h; bit values and
 * names are those of the ext4 on-disk format (the superblock's
 * s_feature_incompat at byte 96 and s_feature_ro_compat at byte 100, as
 * mke2fs -O and dumpe2fs name them).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump_etfs.h>
#include <rump/rumpdefs.h>

#include "ext2fs_host.h"

#define SB_OFFSET	1024
#define SB_MAGIC	56	/* le16 0xef53 */
#define SB_REV		76	/* le32: 0 has no feature words */
#define SB_INCOMPAT	96	/* le32 */
#define SB_ROCOMPAT	100	/* le32 */

#define INCOMPAT_WRITABLE	0x0002	/* filetype */
#define INCOMPAT_RECOVER	0x0004	/* the kernel's own message */
/* the driver reads these; any other incompatible feature it refuses */
#define INCOMPAT_READABLE	0x63d0
#define ROCOMPAT_WRITABLE	0x0003	/* sparse_super, large_file */

struct feature {
	uint32_t bit;
	const char *name;
};

static const struct feature incompat[] = {
	{ 0x0010, "meta_bg" }, { 0x0040, "extent" }, { 0x0080, "64bit" },
	{ 0x0100, "mmp" }, { 0x0200, "flex_bg" },
	{ 0x2000, "metadata_csum_seed" }, { 0x4000, "large_dir" },
	{ 0, NULL }
};

static const struct feature rocompat[] = {
	{ 0x0004, "btree_dir" }, { 0x0008, "huge_file" },
	{ 0x0010, "uninit_bg" }, { 0x0020, "dir_nlink" },
	{ 0x0040, "extra_isize" }, { 0x0100, "quota" },
	{ 0x0200, "bigalloc" }, { 0x0400, "metadata_csum" },
	{ 0x1000, "read-only" }, { 0x2000, "project" },
	{ 0x8000, "verity" }, { 0x10000, "orphan_present" }, { 0, NULL }
};

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* append the names of the bits in set (unnamed ones in hex) to buf */
static void
names(char *buf, size_t len, uint32_t set, const struct feature *tab)
{
	size_t n;

	for (; tab->name != NULL; tab++) {
		if ((set & tab->bit) == 0)
			continue;
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s", n ? ", " : "", tab->name);
		set &= ~tab->bit;
	}
	if (set != 0) {
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s0x%x", n ? ", " : "", set);
	}
}

/* the superblock's feature words; -1 if unreadable (the driver says) */
static int
readsb(const char *special, uint32_t *in, uint32_t *ro)
{
	unsigned char sb[SB_ROCOMPAT + 4];
	uint64_t begin, size;
	char path[4096];
	int fd, ok;

	if (rump_etfs_part_parse(special, path, sizeof(path), &begin,
	    &size) != 0 || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	ok = pread(fd, sb, sizeof(sb), (off_t)(begin + SB_OFFSET)) ==
	    (ssize_t)sizeof(sb);
	close(fd);
	if (!ok || (sb[SB_MAGIC] | sb[SB_MAGIC + 1] << 8) != 0xef53 ||
	    le32(sb + SB_REV) == 0)
		return -1;
	*in = le32(sb + SB_INCOMPAT);
	*ro = le32(sb + SB_ROCOMPAT);
	return 0;
}

int
ext2fs_check_features(const char *who, const char *special, int mntflags)
{
	uint32_t in, ro;
	char list[512] = "";

	if ((mntflags & RUMP_MNT_RDONLY) || readsb(special, &in, &ro) != 0)
		return 0;
	in &= ~(INCOMPAT_WRITABLE | INCOMPAT_RECOVER);
	ro &= ~ROCOMPAT_WRITABLE;
	if ((in & ~INCOMPAT_READABLE) != 0)
		return 0;	/* not even read-only: the driver says so */
	if (in == 0 && ro == 0)
		return 0;
	names(list, sizeof(list), in, incompat);
	names(list, sizeof(list), ro, rocompat);
	fprintf(stderr, "%s: %s: cannot write feature%s %s "
	    "(ext4); mount it with -o ro\n", who, special,
	    strchr(list, ',') != NULL ? "s" : "", list);
	return -1;
}
