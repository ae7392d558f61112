/*
 * Unprivileged callers (NetBSD's t_unpriv and t_link): a second process
 * with uid 1 meets the permission rules of the file system.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

/* a new process running as uid/gid 1 */
static void *
become_user(const struct fstest_env *env)
{
	void *p;

	fstest_need(env, FSTEST_CAP_PROCS | FSTEST_CAP_OWNERS);
	FT_REQUIRE((p = FT_SYS->newproc()) != NULL);
	FT_OK(FT_SYS->setcred(1, 1));
	return p;
}

void
fstest_owner(const struct fstest_env *env)
{
	void *p;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0755));
	p = become_user(env);
	FT_ERR(EPERM, FT_SYS->chown(FT_PATH("dir"), 1, (gid_t)-1));
	FT_ERR(EPERM, FT_SYS->chmod(FT_PATH("dir"), 0777));
	FT_SYS->switchproc(NULL);
	FT_OK(FT_SYS->chown(FT_PATH("dir"), 1, (gid_t)-1));
	FT_SYS->switchproc(p);
	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0777));
	/* giving it away is root's business */
	FT_ERR(EPERM, FT_SYS->chown(FT_PATH("dir"), 2, (gid_t)-1));
	FT_SYS->releaseproc(p);
}

void
fstest_dirperms(const struct fstest_env *env)
{
	struct stat sb;
	void *p;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0755));
	fstest_mkfile(env, FT_PATH("dir/rootfile"), "x", 1);
	p = become_user(env);
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("dir/file"), O_RDWR | O_CREAT,
	    0644));
	FT_ERR(EACCES, FT_SYS->mkdir(FT_PATH("dir/sub"), 0755));
	FT_ERR(EACCES, FT_SYS->unlink(FT_PATH("dir/rootfile")));
	FT_ERR(EACCES, FT_SYS->rename(FT_PATH("dir/rootfile"),
	    FT_PATH("dir/x")));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("dir/rootfile"), O_WRONLY, 0));
	FT_SYS->switchproc(NULL);
	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0700));
	FT_SYS->switchproc(p);
	FT_ERR(EACCES, FT_SYS->stat(FT_PATH("dir/rootfile"), &sb));
	FT_SYS->releaseproc(p);
}

void
fstest_times(const struct fstest_env *env)
{
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };
	void *p;

	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0644));
	fstest_mkfile(env, FT_PATH("wfile"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("wfile"), 0666));
	p = become_user(env);
	FT_ERR(EACCES, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), NULL, 0));
	FT_ERR(EPERM, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	/* write permission is enough for "now", not for other times */
	FT_OK(FT_SYS->utimensat(AT_FDCWD, FT_PATH("wfile"), NULL, 0));
	FT_ERR(EPERM, FT_SYS->utimensat(AT_FDCWD, FT_PATH("wfile"), ts, 0));
	FT_SYS->releaseproc(p);
}

void
fstest_access_unpriv(const struct fstest_env *env)
{
	void *p;

	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0640));
	p = become_user(env);
	FT_ERR(EACCES, FT_SYS->access(FT_PATH("file"), R_OK));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_OK(FT_SYS->access(FT_PATH("file"), F_OK));
	FT_SYS->switchproc(NULL);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0644));
	FT_SYS->switchproc(p);
	FT_OK(FT_SYS->access(FT_PATH("file"), R_OK));
	FT_ERR(EACCES, FT_SYS->access(FT_PATH("file"), W_OK));
	FT_SYS->releaseproc(p);
}

void
fstest_link(const struct fstest_env *env)
{
	struct stat sb;
	void *p;

	fstest_need(env, FSTEST_CAP_HARDLINK);
	fstest_mkfile(env, FT_PATH("rootfile"), "x", 1);
	FT_OK(FT_SYS->link(FT_PATH("rootfile"), FT_PATH("rootlink")));
	FT_OK(FT_SYS->stat(FT_PATH("rootfile"), &sb));
	FT_REQUIRE(sb.st_nlink == 2);
	FT_ERR(EEXIST, FT_SYS->link(FT_PATH("rootfile"), FT_PATH("rootlink")));
	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_ERR(EPERM, FT_SYS->link(FT_PATH("dir"), FT_PATH("dirlink")));
	FT_ERR(ENOENT, FT_SYS->link(FT_PATH("nothere"), FT_PATH("x")));
	FT_OK(FT_SYS->unlink(FT_PATH("rootlink")));
	FT_OK(FT_SYS->stat(FT_PATH("rootfile"), &sb));
	FT_REQUIRE(sb.st_nlink == 1);
	if ((env->caps & (FSTEST_CAP_PROCS | FSTEST_CAP_OWNERS)) !=
	    (FSTEST_CAP_PROCS | FSTEST_CAP_OWNERS))
		return;
	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->chmod(env->mnt, 0755));
	p = become_user(env);
	/* a user links its own files, and may not write through others' */
	fstest_mkfile(env, FT_PATH("dir/userfile"), "y", 1);
	FT_OK(FT_SYS->link(FT_PATH("dir/userfile"), FT_PATH("dir/ulink")));
	FT_ERR(EACCES, FT_SYS->link(FT_PATH("dir/userfile"),
	    FT_PATH("rootdirlink")));
	FT_SYS->releaseproc(p);
	FT_OK(FT_SYS->stat(FT_PATH("dir/ulink"), &sb));
	FT_REQUIRE(sb.st_uid == 1 && sb.st_nlink == 2);
}
