/*
 * Unprivileged callers (NetBSD's t_unpriv and t_link): a second process
 * with uid 1 meets the permission rules of the file system; groups; a
 * process's own cwd and umask.  On FUSE the second process is a host
 * process of another uid, so the server's credential for each request
 * (uid, gid and groups) is what is tested there.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

/* a new process running as uid 1, gid 1, no supplementary groups */
static struct fstest_proc *
become_user(const struct fstest_env *env)
{

	return fstest_proc_new_cred(env, 1, 1, 0, NULL);
}

static void
owner_notyet(const struct fstest_env *env, void *arg)
{

	FT_ERR(EPERM, FT_SYS->chown(FT_PATH("dir"), 1, (gid_t)-1));
	FT_ERR(EPERM, FT_SYS->chmod(FT_PATH("dir"), 0777));
}

static void
owner_now(const struct fstest_env *env, void *arg)
{

	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0777));
	/* giving it away is root's business */
	FT_ERR(EPERM, FT_SYS->chown(FT_PATH("dir"), 2, (gid_t)-1));
}

void
fstest_owner(const struct fstest_env *env)
{
	struct fstest_proc *p;
	struct stat sb;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0755));
	p = become_user(env);
	fstest_proc_call(p, owner_notyet, NULL, 0);
	FT_OK(FT_SYS->chown(FT_PATH("dir"), 1, (gid_t)-1));
	fstest_proc_call(p, owner_now, NULL, 0);
	fstest_proc_end(p);
	FT_OK(FT_SYS->stat(FT_PATH("dir"), &sb));
	FT_REQUIRE(sb.st_uid == 1 && (sb.st_mode & 07777) == 0777);
}

static void
dirperms_w(const struct fstest_env *env, void *arg)
{

	FT_ERR(EACCES, FT_SYS->open(FT_PATH("dir/file"), O_RDWR | O_CREAT,
	    0644));
	FT_ERR(EACCES, FT_SYS->mkdir(FT_PATH("dir/sub"), 0755));
	FT_ERR(EACCES, FT_SYS->unlink(FT_PATH("dir/rootfile")));
	FT_ERR(EACCES, FT_SYS->rename(FT_PATH("dir/rootfile"),
	    FT_PATH("dir/x")));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("dir/rootfile"), O_WRONLY, 0));
}

static void
dirperms_x(const struct fstest_env *env, void *arg)
{
	struct stat sb;

	FT_ERR(EACCES, FT_SYS->stat(FT_PATH("dir/rootfile"), &sb));
}

void
fstest_dirperms(const struct fstest_env *env)
{
	struct fstest_proc *p;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0755));
	fstest_mkfile(env, FT_PATH("dir/rootfile"), "x", 1);
	p = become_user(env);
	fstest_proc_call(p, dirperms_w, NULL, 0);
	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0700));
	fstest_proc_call(p, dirperms_x, NULL, 0);
	fstest_proc_end(p);
}

static void
times_user(const struct fstest_env *env, void *arg)
{
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };

	FT_ERR(EACCES, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), NULL, 0));
	FT_ERR(EPERM, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	/* write permission is enough for "now", not for other times */
	FT_OK(FT_SYS->utimensat(AT_FDCWD, FT_PATH("wfile"), NULL, 0));
	FT_ERR(EPERM, FT_SYS->utimensat(AT_FDCWD, FT_PATH("wfile"), ts, 0));
}

void
fstest_times(const struct fstest_env *env)
{
	struct fstest_proc *p;

	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0644));
	fstest_mkfile(env, FT_PATH("wfile"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("wfile"), 0666));
	p = become_user(env);
	fstest_proc_call(p, times_user, NULL, 0);
	fstest_proc_end(p);
}

static void
access_none(const struct fstest_env *env, void *arg)
{

	FT_ERR(EACCES, FT_SYS->access(FT_PATH("file"), R_OK));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_OK(FT_SYS->access(FT_PATH("file"), F_OK));
}

static void
access_read(const struct fstest_env *env, void *arg)
{
	int fd;

	FT_OK(FT_SYS->access(FT_PATH("file"), R_OK));
	FT_ERR(EACCES, FT_SYS->access(FT_PATH("file"), W_OK));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_OK(FT_SYS->close(fd));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("file"), O_WRONLY, 0));
}

void
fstest_access_unpriv(const struct fstest_env *env)
{
	struct fstest_proc *p;

	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0640));
	p = become_user(env);
	fstest_proc_call(p, access_none, NULL, 0);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0644));
	fstest_proc_call(p, access_read, NULL, 0);
	fstest_proc_end(p);
}

/* uid 1 whose gid or supplementary groups include 2, or not */
static void
group_out(const struct fstest_env *env, void *arg)
{

	FT_ERR(EACCES, FT_SYS->open(FT_PATH("gfile"), O_RDONLY, 0));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("gdir/new"), O_WRONLY | O_CREAT,
	    0644));
}

static void
group_in(const struct fstest_env *env, void *arg)
{
	struct stat sb;
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("gfile"), O_RDONLY, 0));
	FT_OK(FT_SYS->close(fd));
	FT_ERR(EACCES, FT_SYS->open(FT_PATH("gfile"), O_WRONLY, 0));
	FT_OK(fd = FT_SYS->open(FT_PATH("gdir/new"), O_WRONLY | O_CREAT,
	    0644));
	FT_OK(FT_SYS->close(fd));
	/* the owner may give its file to a group it is in, not another */
	FT_OK(FT_SYS->chown(FT_PATH("gdir/new"), (uid_t)-1, 2));
	FT_ERR(EPERM, FT_SYS->chown(FT_PATH("gdir/new"), (uid_t)-1, 3));
	FT_OK(FT_SYS->stat(FT_PATH("gdir/new"), &sb));
	FT_REQUIRE(sb.st_uid == 1 && sb.st_gid == 2);
	FT_OK(FT_SYS->unlink(FT_PATH("gdir/new")));
}

void
fstest_group_perms(const struct fstest_env *env)
{
	static const gid_t two[] = { 2 }, others[] = { 5, 2, 7 };
	struct fstest_proc *p;

	/* root gives the files to group 2 first */
	fstest_need(env, FSTEST_CAP_OWNERS);
	fstest_mkfile(env, FT_PATH("gfile"), "x", 1);
	FT_OK(FT_SYS->chown(FT_PATH("gfile"), 0, 2));
	FT_OK(FT_SYS->chmod(FT_PATH("gfile"), 0640));
	FT_OK(FT_SYS->mkdir(FT_PATH("gdir"), 0755));
	FT_OK(FT_SYS->chown(FT_PATH("gdir"), 0, 2));
	FT_OK(FT_SYS->chmod(FT_PATH("gdir"), 0770));
	p = become_user(env);
	fstest_proc_call(p, group_out, NULL, 0);
	fstest_proc_end(p);
	/* the primary group */
	p = fstest_proc_new_cred(env, 1, 2, 0, NULL);
	fstest_proc_call(p, group_in, NULL, 0);
	fstest_proc_end(p);
	/* a supplementary group, alone and among others */
	p = fstest_proc_new_cred(env, 1, 1, 1, two);
	fstest_proc_call(p, group_in, NULL, 0);
	fstest_proc_end(p);
	p = fstest_proc_new_cred(env, 1, 1, 3, others);
	fstest_proc_call(p, group_in, NULL, 0);
	fstest_proc_end(p);
}

/* umask and cwd are the process's own (the umask seen where modes are) */
static void
cwd_umask(const struct fstest_env *env, void *arg)
{
	const bool modes = (env->caps & FSTEST_CAP_MODES) != 0;
	struct stat sb;
	int fd;

	(void)FT_SYS->umask(027);
	FT_OK(fd = FT_SYS->open(FT_PATH("pfile"), O_WRONLY | O_CREAT, 0666));
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->stat(FT_PATH("pfile"), &sb));
	FT_REQUIRE(!modes || (sb.st_mode & 07777) == 0640);
	FT_OK(FT_SYS->mkdir(FT_PATH("pdir"), 0777));
	FT_OK(FT_SYS->stat(FT_PATH("pdir"), &sb));
	FT_REQUIRE(!modes || (sb.st_mode & 07777) == 0750);
	FT_OK(FT_SYS->chdir(FT_PATH("dir")));
	FT_OK(fd = FT_SYS->open("rel", O_WRONLY | O_CREAT, 0666));
	FT_OK(FT_SYS->close(fd));
}

/* a later call: the cwd and umask stayed */
static void
cwd_umask_kept(const struct fstest_env *env, void *arg)
{
	const bool modes = (env->caps & FSTEST_CAP_MODES) != 0;
	struct stat sb;

	FT_OK(FT_SYS->stat("rel", &sb));
	FT_REQUIRE(!modes || (sb.st_mode & 07777) == 0640);
	FT_OK(FT_SYS->mkdir("reldir", 0777));
	FT_OK(FT_SYS->stat(FT_PATH("dir/reldir"), &sb));
	FT_REQUIRE(!modes || (sb.st_mode & 07777) == 0750);
	FT_REQUIRE(FT_SYS->umask(027) == 027);
}

void
fstest_proc_cwd_umask(const struct fstest_env *env)
{
	const bool modes = (env->caps & FSTEST_CAP_MODES) != 0;
	struct fstest_proc *p;
	struct stat sb;
	mode_t mine;
	int fd;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->chdir(env->mnt));
	mine = FT_SYS->umask(022);
	p = fstest_proc_new(env);
	fstest_proc_call(p, cwd_umask, NULL, 0);
	fstest_proc_call(p, cwd_umask_kept, NULL, 0);
	/* this process's cwd and umask did not move */
	FT_REQUIRE(FT_SYS->umask(022) == 022);
	FT_OK(FT_SYS->stat(FT_PATH("dir/rel"), &sb));
	FT_ERR(ENOENT, FT_SYS->stat("rel", &sb));
	FT_OK(fd = FT_SYS->open("mine", O_WRONLY | O_CREAT, 0666));
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->stat(FT_PATH("mine"), &sb));
	FT_REQUIRE(!modes || (sb.st_mode & 07777) == 0644);
	fstest_proc_end(p);
	(void)FT_SYS->umask(mine);
	FT_OK(FT_SYS->chdir("/"));
}

static void
link_user(const struct fstest_env *env, void *arg)
{

	/* a user links its own files, and may not write through others' */
	fstest_mkfile(env, FT_PATH("dir/userfile"), "y", 1);
	FT_OK(FT_SYS->link(FT_PATH("dir/userfile"), FT_PATH("dir/ulink")));
	FT_ERR(EACCES, FT_SYS->link(FT_PATH("dir/userfile"),
	    FT_PATH("rootdirlink")));
}

void
fstest_link(const struct fstest_env *env)
{
	struct fstest_proc *p;
	struct stat sb;

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
	FT_OK(FT_SYS->chmod(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->chmod(env->mnt, 0755));
	p = become_user(env);
	fstest_proc_call(p, link_user, NULL, 0);
	fstest_proc_end(p);
	FT_OK(FT_SYS->stat(FT_PATH("dir/ulink"), &sb));
	FT_REQUIRE(sb.st_uid == 1 && sb.st_nlink == 2);
}
