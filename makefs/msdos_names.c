/*
 * What FAT can hold: long names of at most 255 UTF-16 units without
 * control characters or any of " * / : < > ? \ |, not ending in a dot
 * or a space (Windows and the driver drop those), unique in their
 * directory without regard to case; files below 4 GiB; no symlinks,
 * devices, fifos or sockets (left out with a warning, as nothing of
 * them can be kept).
 */
#include <string.h>
#include <strings.h>

#include "msdos.h"

/* the length of the UTF-8 sequence that starts with byte b; 0 if none */
static int
mfat_seqlen(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b < 0xe0)
		return 2;
	if (b >= 0xe0 && b < 0xf0)
		return 3;
	if (b >= 0xf0 && b < 0xf5)
		return 4;
	return 0;
}

int
mfat_u16len(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	int units = 0, n, k;

	while (*p != '\0') {
		if ((n = mfat_seqlen(*p)) == 0)
			return -1;
		for (k = 1; k < n; k++)
			if ((p[k] & 0xc0) != 0x80)
				return -1;
		/* overlong three-byte forms and UTF-16 surrogates */
		if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) ||
		    (p[0] == 0xed && p[1] >= 0xa0)))
			return -1;
		if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) ||
		    (p[0] == 0xf4 && p[1] >= 0x90)))
			return -1;
		units += n == 4 ? 2 : 1;	/* a surrogate pair */
		p += n;
	}
	return units;
}

/* why name cannot be a FAT long name, or NULL */
static const char *
mfat_badname(const char *name)
{
	size_t len = strlen(name);
	int units = mfat_u16len(name);

	if (units < 0)
		return "not UTF-8";
	if (units > MFAT_NAMEMAX)
		return "longer than 255 UTF-16 characters";
	if (name[len - 1] == '.' || name[len - 1] == ' ')
		return "ends in a dot or a space";
	for (const char *p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || strchr("\"*/:<>?\\|", *p))
			return "holds a character FAT names cannot";
	return NULL;
}

static const char *
mfat_kind(mode_t m)
{
	return S_ISLNK(m) ? "symbolic links" : S_ISFIFO(m) ? "fifos" :
	    S_ISSOCK(m) ? "sockets" : "device nodes";
}

int
mfat_check(void *fsopts, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	const char *why = mfat_badname(n->name);
	mode_t m = n->st.st_mode;

	(void)fsopts;
	if (why != NULL) {
		mkfs_warnx("%s: name not representable in msdos: %s",
		    n->host, why);
		return -1;
	}
	for (size_t i = 0; i < dir->nkids; i++) {
		if (strcasecmp(dir->kids[i]->name, n->name) == 0 &&
		    strcmp(dir->kids[i]->name, n->name) != 0) {
			mkfs_warnx("%s: name not representable in msdos: the "
			    "same as %s but for case", n->host,
			    dir->kids[i]->name);
			return -1;
		}
	}
	if (S_ISREG(m) && (uint64_t)n->st.st_size > MFAT_FILEMAX) {
		mkfs_warnx("%s: too large for msdos (4 GiB - 1 at most)",
		    n->host);
		return -1;
	}
	if (!S_ISREG(m) && !S_ISDIR(m)) {
		mkfs_warnx("%s: left out: msdos holds no %s", n->host,
		    mfat_kind(m));
		return 1;
	}
	return 0;
}
