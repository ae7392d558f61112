/*
 * A large directory (larger than GENFS_DIRHASH_MINSIZE on every format,
 * so that ext2fs and ffs look names up through their in-memory index):
 * creates, removes, new names in the freed room, renames within it, then
 * every name that should be there is, every other is not, and readdir
 * lists each exactly once.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

#define BIG_FIRST	1500	/* n%04d names */
#define BIG_SECOND	500	/* m%04d names, after the removals */

/* names of varied lengths: the free space they leave varies too */
static const char *
big_name(char *buf, size_t len, char kind, int i)
{
	static const char pad[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	snprintf(buf, len, "%c%04d-%.*s", kind, i, i % 30, pad);
	return buf;
}

/* where the n%04d name i is at the end: 0 gone, 'n' there, 'r' renamed */
static char
big_state(int i)
{
	if (i % 3 == 0)
		return 0;
	return i % 7 == 0 ? 'r' : 'n';
}

static void
big_count(void *arg, const char *name, unsigned type)
{
	int *seen = arg;
	int i = atoi(name + 1);

	(void)type;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		seen[0]++;
	else if (name[0] == 'n' && i < BIG_FIRST)
		seen[1 + i]++;
	else if (name[0] == 'r' && i < BIG_FIRST)
		seen[1 + BIG_FIRST + i]++;
	else if (name[0] == 'm' && i < BIG_SECOND)
		seen[1 + 2 * BIG_FIRST + i]++;
	else
		seen[1 + 2 * BIG_FIRST + BIG_SECOND]++;	/* a stranger */
}

static void
big_fill(const struct fstest_env *env)
{
	char a[64], b[64];
	int i, fd;

	FT_OK(FT_SYS->mkdir(FT_PATH("big"), 0777));
	for (i = 0; i < BIG_FIRST; i++) {
		FT_OK(fd = FT_SYS->open(FT_PATH("big/%s",
		    big_name(a, sizeof(a), 'n', i)), O_RDWR | O_CREAT | O_EXCL,
		    0666));
		FT_OK(FT_SYS->close(fd));
	}
	for (i = 0; i < BIG_FIRST; i += 3)
		FT_OK(FT_SYS->unlink(FT_PATH("big/%s",
		    big_name(a, sizeof(a), 'n', i))));
	for (i = 0; i < BIG_SECOND; i++) {
		FT_OK(fd = FT_SYS->open(FT_PATH("big/%s",
		    big_name(a, sizeof(a), 'm', i)), O_RDWR | O_CREAT | O_EXCL,
		    0666));
		FT_OK(FT_SYS->close(fd));
	}
	for (i = 0; i < BIG_FIRST; i++) {
		if (big_state(i) != 'r')
			continue;
		big_name(a, sizeof(a), 'n', i);
		big_name(b, sizeof(b), 'r', i);
		FT_OK(FT_SYS->rename(FT_PATH("big/%s", a), FT_PATH("big/%s",
		    b)));
	}
}

void
fstest_bigdir(const struct fstest_env *env)
{
	int seen[2 + 2 * BIG_FIRST + BIG_SECOND], i;
	struct stat sb;
	char a[64];
	char st;

	big_fill(env);
	for (i = 0; i < BIG_FIRST; i++) {
		st = big_state(i);
		if (st == 'n')
			FT_OK(FT_SYS->lstat(FT_PATH("big/%s",
			    big_name(a, sizeof(a), 'n', i)), &sb));
		else
			FT_ERR(ENOENT, FT_SYS->lstat(FT_PATH("big/%s",
			    big_name(a, sizeof(a), 'n', i)), &sb));
		if (st == 'r')
			FT_OK(FT_SYS->lstat(FT_PATH("big/%s",
			    big_name(a, sizeof(a), 'r', i)), &sb));
	}
	for (i = 0; i < BIG_SECOND; i++)
		FT_OK(FT_SYS->lstat(FT_PATH("big/%s",
		    big_name(a, sizeof(a), 'm', i)), &sb));
	/* a name that was never there, in a directory of this size */
	FT_ERR(ENOENT, FT_SYS->lstat(FT_PATH("big/never"), &sb));
	memset(seen, 0, sizeof(seen));
	FT_OK(FT_SYS->listdir(FT_PATH("big"), big_count, seen));
	FT_REQUIRE(seen[0] == 2);
	for (i = 0; i < BIG_FIRST; i++) {
		FT_REQUIRE(seen[1 + i] == (big_state(i) == 'n'));
		FT_REQUIRE(seen[1 + BIG_FIRST + i] == (big_state(i) == 'r'));
	}
	for (i = 0; i < BIG_SECOND; i++)
		FT_REQUIRE(seen[1 + 2 * BIG_FIRST + i] == 1);
	FT_REQUIRE(seen[1 + 2 * BIG_FIRST + BIG_SECOND] == 0);
}
