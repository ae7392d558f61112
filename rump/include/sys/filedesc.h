/*
 * Per-process VFS state: the descriptor table and the cwd/root/umask.
 * Both hang off struct proc (p_fd, p_cwdi) and are set up by the VFS
 * faction's proc hooks at fork.  namei starts relative paths at cwdi_cdir
 * and never climbs above cwdi_rdir (chroot).
 */
#ifndef _SYS_FILEDESC_H_
#define _SYS_FILEDESC_H_

#include <sys/types.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>

struct vnode;
struct file;
struct proc;

struct cwdinfo {
	krwlock_t cwdi_lock;
	struct vnode *cwdi_cdir;	/* current directory, referenced */
	struct vnode *cwdi_rdir;	/* root (chroot), NULL: rootvnode */
	mode_t cwdi_cmask;		/* umask */
	unsigned int cwdi_refcnt;
};

struct filedesc {
	kmutex_t fd_lock;
	struct file **fd_ofiles;	/* indexed by descriptor */
	uint8_t *fd_ofileflags;		/* FD_CLOEXEC */
	int fd_nfiles;			/* slots allocated */
	int fd_lastfile;		/* highest used, -1 if none */
	unsigned int fd_refcnt;
};

/* the root of the rump namespace (rumpfs), referenced for ever */
extern struct vnode *rootvnode;

/* the calling lwp's process's cwdinfo and descriptor table */
struct cwdinfo *cwdinfo_cur(void);
struct filedesc *filedesc_cur(void);

#endif /* _SYS_FILEDESC_H_ */
