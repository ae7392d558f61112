/*
 * File systems whose names fold case (FAT): "a" and "A" are one file, a
 * rename from one to the other changes the case of the name it keeps,
 * and the directory lists the file once, under the new name (in the
 * rump kernel's VFS; Linux's does not pass such a rename on to FUSE).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

static void
case_count(void *arg, const char *name, unsigned type)
{
	int *seen = arg;

	(void)type;
	if (strcmp(name, "MixedCase") == 0)
		seen[0]++;
	else if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
		seen[1]++;
}

void
fstest_rename_case(const struct fstest_env *env)
{
	struct stat a, b;
	int seen[2] = { 0, 0 };

	if (env->caps & FSTEST_CAP_CASESENS)
		fstest_skip("names are case-sensitive");
	/* Linux's VFS finds the target to be the source and stops there:
	 * through FUSE a case-only rename never reaches the server */
	fstest_need(env, FSTEST_CAP_BSDVFS);
	FT_OK(FT_SYS->mkdir(FT_PATH("d"), 0777));
	fstest_mkfile(env, FT_PATH("d/mixedcase"), "x", 1);
	FT_OK(FT_SYS->stat(FT_PATH("d/MIXEDCASE"), &a));
	FT_OK(FT_SYS->rename(FT_PATH("d/mixedcase"), FT_PATH("d/MixedCase")));
	FT_OK(FT_SYS->stat(FT_PATH("d/mixedcase"), &b));
	FT_REQUIRE(b.st_size == 1);
	FT_OK(FT_SYS->listdir(FT_PATH("d"), case_count, seen));
	FT_REQUIRE(seen[0] == 1 && seen[1] == 0);
	/* the same name again: nothing to do */
	FT_OK(FT_SYS->rename(FT_PATH("d/MixedCase"), FT_PATH("d/MixedCase")));
	FT_ERR(EEXIST, FT_SYS->mkdir(FT_PATH("d/MIXEDcase"), 0777));
}
