/*
 * -t ext2fs: the -o words (block_size or bsize, inode_size, inodes,
 * label), what the image can hold, and the type's entry.
 */
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

static void *
me2_new(void)
{
	return calloc(1, sizeof(struct me2_opts));
}

static int
me2_option(void *fsopts, const char *key, const char *value)
{
	struct me2_opts *eo = fsopts;

	if (strcmp(key, "block_size") == 0 || strcmp(key, "bsize") == 0)
		return mkfs_optpow2(key, value, 1024, 4096, &eo->bs);
	if (strcmp(key, "inode_size") == 0)
		return mkfs_optpow2(key, value, 128, 256, &eo->isz);
	if (strcmp(key, "inodes") == 0)
		return mkfs_optnum(key, value, 16, UINT32_MAX, &eo->inodes);
	if (strcmp(key, "label") == 0)
		return mkfs_optstr(key, value, 16, &eo->label);
	return 0;
}

static int
me2_check(void *fsopts, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	(void)fsopts;
	if (S_ISSOCK(n->st.st_mode)) {
		mkfs_warnx("%s: left out: a socket", n->host);
		return 1;
	}
	if (dir->name[0] == '\0' && strcmp(n->name, "lost+found") == 0 &&
	    !S_ISDIR(n->st.st_mode)) {
		mkfs_warnx("%s: name not representable in ext2fs: the root's "
		    "lost+found is a directory", n->host);
		return -1;
	}
	return 0;
}

const struct mkfs_type mkfs_type_ext2fs = {
	.name = "ext2fs",
	.vfsname = "ext2fs",
	.byteorder = 1234,
	.fsopts_new = me2_new,
	.opthelp = "block_size|bsize=1024|2048|4096, inode_size=128|256,\n"
	    "\tinodes, label",
	.option = me2_option,
	.check = me2_check,
	.plan = me2_plan,
	.format = me2_format,
	.owners = true,
	.links = true,
};
