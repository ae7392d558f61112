/*
 * Private interfaces of the system-call layer (vfs_descrip.c, vfs_cwd.c,
 * vfs_syscalls_*.c, rump_vop.c).  Not for file systems.
 */
#ifndef _RUMP_VFS_VFS_SYSCALLS_H_
#define _RUMP_VFS_VFS_SYSCALLS_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/kauth.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/proc.h>
#include <sys/lwp.h>
#include <sys/mount.h>	/* before namei.h, which uses struct mount */
#include <sys/namei.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>

#include <rump/rumpuser.h>

/* the public prototypes, so that -Wmissing-prototypes checks them */
#include <rump/rump.h>
#include <rump/rump_syscalls.h>

/* descriptor limit per process */
#define FD_MAXFILES	1024

/* private f_flag bit: the vnode was opened for writing (v_writecount) */
#define FWRITECOUNT	0x40000000

/* descriptor tables (vfs_descrip.c) */
struct filedesc *fd_table_alloc(void);
int fd_table_copy(struct filedesc *from, struct filedesc **top);
void fd_table_hold(struct filedesc *);
void fd_table_release(struct filedesc *, struct proc *);
void fd_release_locks(struct filedesc *, struct proc *);
struct file *file_alloc(struct vnode *vp, int fflag, kauth_cred_t cred);
void file_hold(struct file *);
void closef(struct file *);
int fd_install(struct file *fp, int minfd, bool cloexec, int *fdp);
int fd_close(int fd);
int fd_dup2(int oldfd, int newfd, bool cloexec);
int fd_getflags(int fd, int *flagsp);
int fd_setflags(int fd, int flags);
/* fd_getfile with a vnode: EBADF for a bad descriptor */
int fd_getvnode(int fd, struct file **fpp);

/* cwd, root and umask (vfs_cwd.c) */
struct cwdinfo *cwdinfo_alloc(void);
struct cwdinfo *cwdinfo_copy(struct cwdinfo *);
void cwdinfo_release(struct cwdinfo *);
/* the root the process sees: referenced */
struct vnode *cwdinfo_rootref(void);
void cwdinfo_setcdir(struct vnode *vp);	/* consumes a reference */
void cwdinfo_setrdir(struct vnode *vp);	/* consumes a reference */
mode_t cwdinfo_getumask(void);

/* syscall entry and exit (vfs_syscalls_util.c) */
static inline void
sys_enter(void)
{
	rump_schedule();
}
int sys_exit(int error);			/* 0, or -1 and errno */
rump_ssize_t sys_exit_ssize(int error, rump_ssize_t ret);

/*
 * namei relative to dirfd (AT_FDCWD: the cwd).  On success *dfpp holds
 * the directory's file (or NULL) until sys_namei_done.
 */
int sys_namei_at(int dirfd, const char *path, uint32_t op, uint32_t flags,
    struct nameidata *nd, struct file **dfpp);
void sys_namei_done(struct nameidata *nd, struct file *dfp);
/* look up a leaf: referenced, unlocked */
int sys_lookup_vp(int dirfd, const char *path, bool follow,
    struct vnode **vpp);
/* release what a LOCKPARENT lookup returned */
void sys_release_parent(struct nameidata *nd);
bool sys_isdotname(const struct componentname *cnp, bool dotdot);

void vattr_to_stat(const struct vattr *va, struct stat *sb);
int vn_stat(struct vnode *vp, struct stat *sb);
int vn_statvfs(struct vnode *vp, struct statvfs *sb);
int vn_setattr_locked(struct vnode *vp, struct vattr *va);
/* open a vnode like open(2) does; returns it referenced, unlocked */
int vn_open_at(int dirfd, const char *path, int fmode, mode_t cmode,
    struct vnode **vpp);
int vn_open_vnode(struct vnode *vp, int fmode, bool created);
int sys_open_vnode_fd(struct vnode *vp, int fmode, int *fdp);
/* file handles of the file system itself (no fsid prefix) */
int vn_vptofh(struct vnode *vp, struct fid *fh);
int vn_fhtovp(struct mount *mp, const struct fid *fh, struct vnode **vpp);

#endif /* _RUMP_VFS_VFS_SYSCALLS_H_ */
