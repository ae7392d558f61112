/*
 * -N dbdir: user and group names of a -F spec resolved from the text
 * databases of the system the image is for, not the host's: the user's
 * from dbdir/master.passwd (else dbdir/passwd), the group's from
 * dbdir/group.  Each is lines of colon-separated fields whose first is
 * the name and whose third is the number, in all three formats.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "makefs.h"

static char *mkfs_userdb;

/* made absolute now: the spec is read from within the first source */
int
mkfs_userdb_set(const char *dir)
{
	free(mkfs_userdb);
	if ((mkfs_userdb = realpath(dir, NULL)) == NULL) {
		mkfs_warnx("-N %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* name's number in one line ("name:x:id:..."): 1 found, 0 not this */
static int
mkfs_userdb_line(char *line, const char *name, uint32_t *idp)
{
	char *f2, *f3, *end;
	unsigned long v;

	if (*line == '#' || (f2 = strchr(line, ':')) == NULL)
		return 0;
	*f2++ = '\0';
	if (strcmp(line, name) != 0 || (f3 = strchr(f2, ':')) == NULL)
		return 0;
	f3++;
	errno = 0;
	v = strtoul(f3, &end, 10);
	if (errno != 0 || end == f3 || (*end != ':' && *end != '\n' &&
	    *end != '\0') || v > UINT32_MAX)
		return 0;
	*idp = (uint32_t)v;
	return 1;
}

/* name in dbdir/file: 1 found, 0 not there, -1 no such file */
static int
mkfs_userdb_find(const char *file, const char *name, uint32_t *idp)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", mkfs_userdb, file);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (found == 0 && getline(&line, &cap, f) != -1)
		found = mkfs_userdb_line(line, name, idp);
	free(line);
	fclose(f);
	return found;
}

/* a name in the first of files that is there, or said why not */
static int
mkfs_userdb_lookup(const char *const *files, const char *where,
    const char *what, const char *name, uint32_t *idp)
{
	int r = -1;

	for (size_t i = 0; files[i] != NULL && r < 0; i++)
		r = mkfs_userdb_find(files[i], name, idp);
	if (r > 0)
		return 0;
	if (r < 0)
		mkfs_warnx("-N %s: no %s there", mkfs_userdb, files[0]);
	else
		mkfs_warnx("%s: %s=%s: not in %s/%s", where, what, name,
		    mkfs_userdb, files[0]);
	return -1;
}

static bool
mkfs_host_user(const char *name, uint32_t *idp)
{
	struct passwd *pw = getpwnam(name);

	if (pw != NULL)
		*idp = pw->pw_uid;
	return pw != NULL;
}

static bool
mkfs_host_group(const char *name, uint32_t *idp)
{
	struct group *gr = getgrnam(name);

	if (gr != NULL)
		*idp = gr->gr_gid;
	return gr != NULL;
}

/* -N's files, else the host's lookup */
static int
mkfs_owner_id(const char *const *files, bool (*host)(const char *,
    uint32_t *), const char *where, const char *what, const char *name,
    uint32_t *idp)
{
	if (mkfs_userdb != NULL)
		return mkfs_userdb_lookup(files, where, what, name, idp);
	if (host(name, idp))
		return 0;
	mkfs_warnx("%s: %s=%s: no such %s", where, what, name,
	    host == mkfs_host_user ? "user" : "group");
	return -1;
}

int
mkfs_user_id(const char *where, const char *name, uint32_t *idp)
{
	static const char *const files[] = { "master.passwd", "passwd",
	    NULL };

	return mkfs_owner_id(files, mkfs_host_user, where, "uname", name,
	    idp);
}

int
mkfs_group_id(const char *where, const char *name, uint32_t *idp)
{
	static const char *const files[] = { "group", NULL };

	return mkfs_owner_id(files, mkfs_host_group, where, "gname", name,
	    idp);
}
