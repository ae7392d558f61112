/*
 * Directory entry names as every on-disk format here must hold them
 * (sys/genfs_name.h).  Freestanding: the kernel and fsck_ffs both
 * compile this file.
 */
#include "../include/sys/genfs_name.h"

const char *
genfs_name_bad(const char *name, size_t namlen)
{
	size_t i;

	if (namlen == 0)
		return "empty name";
	for (i = 0; i < namlen; i++)
		if (name[i] == '\0' || name[i] == '/')
			return "NUL or slash in a name";
	return NULL;
}

bool
genfs_name_isdot(const char *name, size_t namlen)
{

	return (namlen == 1 && name[0] == '.') ||
	    (namlen == 2 && name[0] == '.' && name[1] == '.');
}

const char *
genfs_name_misplaced(const char *name, size_t namlen, unsigned idx)
{

	if (namlen == 1 && name[0] == '.' && idx != 0)
		return "'.' not the first entry";
	if (namlen == 2 && name[0] == '.' && name[1] == '.' && idx != 1)
		return "'..' not the second entry";
	return NULL;
}
