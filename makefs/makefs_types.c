/*
 * The types -t names.
 */
#include <stdio.h>
#include <string.h>

#include "makefs.h"
#include "cd9660.h"

static const struct mkfs_type *const mkfs_types[] = {
	&mkfs_type_ffs, &mkfs_type_ext2fs, &mkfs_type_msdos,
	&mkfs_type_cd9660, NULL
};

/* other names, as the rest of the tree takes them */
static const struct {
	const char *alias, *name;
} mkfs_aliases[] = {
	{ "ext2", "ext2fs" }, { "msdosfs", "msdos" }, { "fat", "msdos" },
	{ "vfat", "msdos" }, { "ufs", "ffs" },
	{ "iso9660", "cd9660" }, { "iso", "cd9660" },
};

const struct mkfs_type *
mkfs_type_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(mkfs_aliases) / sizeof(mkfs_aliases[0]); i++)
		if (strcmp(name, mkfs_aliases[i].alias) == 0)
			name = mkfs_aliases[i].name;
	for (i = 0; mkfs_types[i] != NULL; i++)
		if (strcmp(name, mkfs_types[i]->name) == 0)
			return mkfs_types[i];
	return NULL;
}

void
mkfs_type_help(FILE *f)
{
	for (size_t i = 0; mkfs_types[i] != NULL; i++)
		if (mkfs_types[i]->opthelp != NULL)
			fprintf(f, "-t %s -o: %s\n", mkfs_types[i]->name,
			    mkfs_types[i]->opthelp);
}

const char *
mkfs_type_list(void)
{
	return "ffs, ext2fs, msdos, cd9660";
}
