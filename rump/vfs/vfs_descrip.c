/*
 * Descriptor tables and open files.
 *
 * A struct file is reference counted: one reference per descriptor slot
 * that points at it (in any process's table) plus one per caller that got
 * it from fd_getfile.  The last reference closes the vnode.  A table is
 * shared between processes forked without RFFDG/RFCFDG, hence its own
 * reference count.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/kmem.h>

#include "vfs_syscalls.h"

#define FD_INITSLOTS	16

struct filedesc *
fd_table_alloc(void)
{
	struct filedesc *fdp;

	fdp = kmem_zalloc(sizeof(*fdp), KM_SLEEP);
	if (fdp == NULL)
		return NULL;
	mutex_init(&fdp->fd_lock, MUTEX_DEFAULT, IPL_NONE);
	fdp->fd_lastfile = -1;
	fdp->fd_refcnt = 1;
	return fdp;
}

/* grow the table to at least want slots; fd_lock held */
static int
fd_table_grow(struct filedesc *fdp, int want)
{
	struct file **nfiles;
	uint8_t *nflags;
	int n;

	if (want <= fdp->fd_nfiles)
		return 0;
	if (want > FD_MAXFILES)
		return EMFILE;
	n = fdp->fd_nfiles ? fdp->fd_nfiles : FD_INITSLOTS;
	while (n < want)
		n *= 2;
	if (n > FD_MAXFILES)
		n = FD_MAXFILES;
	nfiles = kmem_zalloc(n * sizeof(*nfiles), KM_SLEEP);
	nflags = kmem_zalloc(n, KM_SLEEP);
	if (nfiles == NULL || nflags == NULL) {
		if (nfiles != NULL)
			kmem_free(nfiles, n * sizeof(*nfiles));
		if (nflags != NULL)
			kmem_free(nflags, n);
		return ENOMEM;
	}
	if (fdp->fd_nfiles > 0) {
		memcpy(nfiles, fdp->fd_ofiles,
		    fdp->fd_nfiles * sizeof(*nfiles));
		memcpy(nflags, fdp->fd_ofileflags, fdp->fd_nfiles);
		kmem_free(fdp->fd_ofiles, fdp->fd_nfiles * sizeof(*nfiles));
		kmem_free(fdp->fd_ofileflags, fdp->fd_nfiles);
	}
	fdp->fd_ofiles = nfiles;
	fdp->fd_ofileflags = nflags;
	fdp->fd_nfiles = n;
	return 0;
}

/* RFFDG: a copy sharing the open files */
int
fd_table_copy(struct filedesc *from, struct filedesc **top)
{
	struct filedesc *fdp;
	int error, i;

	if ((fdp = fd_table_alloc()) == NULL)
		return ENOMEM;
	mutex_enter(&from->fd_lock);
	error = fd_table_grow(fdp, from->fd_lastfile + 1);
	if (error == 0) {
		for (i = 0; i <= from->fd_lastfile; i++) {
			if (from->fd_ofiles[i] == NULL)
				continue;
			file_hold(from->fd_ofiles[i]);
			fdp->fd_ofiles[i] = from->fd_ofiles[i];
			fdp->fd_ofileflags[i] = from->fd_ofileflags[i];
		}
		fdp->fd_lastfile = from->fd_lastfile;
	}
	mutex_exit(&from->fd_lock);
	if (error != 0) {
		fd_table_release(fdp, NULL);
		return error;
	}
	*top = fdp;
	return 0;
}

void
fd_table_hold(struct filedesc *fdp)
{

	atomic_inc_uint(&fdp->fd_refcnt);
}

/* drop POSIX locks p holds on the files of fdp (process exit) */
void
fd_release_locks(struct filedesc *fdp, struct proc *p)
{
	struct file *fp;
	struct flock fl;
	int i;

	for (i = 0;; i++) {
		mutex_enter(&fdp->fd_lock);
		if (i > fdp->fd_lastfile) {
			mutex_exit(&fdp->fd_lock);
			break;
		}
		fp = fdp->fd_ofiles[i];
		if (fp != NULL)
			file_hold(fp);
		mutex_exit(&fdp->fd_lock);
		if (fp == NULL)
			continue;
		if (fp->f_vnode != NULL && fp->f_vnode->v_lockf != NULL) {
			memset(&fl, 0, sizeof(fl));
			fl.l_type = F_UNLCK;
			fl.l_whence = SEEK_SET;
			(void)VOP_ADVLOCK(fp->f_vnode, p, F_UNLCK, &fl,
			    F_POSIX);
		}
		fd_putfile(fp);
	}
}

void
fd_table_release(struct filedesc *fdp, struct proc *p)
{
	int i;

	if (fdp == NULL)
		return;
	if (p != NULL)
		fd_release_locks(fdp, p);
	if (atomic_dec_uint_nv(&fdp->fd_refcnt) > 0)
		return;
	for (i = 0; i <= fdp->fd_lastfile; i++) {
		if (fdp->fd_ofiles[i] != NULL)
			fd_putfile(fdp->fd_ofiles[i]);
	}
	if (fdp->fd_nfiles > 0) {
		kmem_free(fdp->fd_ofiles,
		    fdp->fd_nfiles * sizeof(*fdp->fd_ofiles));
		kmem_free(fdp->fd_ofileflags, fdp->fd_nfiles);
	}
	mutex_destroy(&fdp->fd_lock);
	kmem_free(fdp, sizeof(*fdp));
}

/* a new open file on vp (whose reference it takes over) */
struct file *
file_alloc(struct vnode *vp, int fflag, kauth_cred_t cred)
{
	struct file *fp;

	fp = kmem_zalloc(sizeof(*fp), KM_SLEEP);
	if (fp == NULL)
		return NULL;
	mutex_init(&fp->f_lock, MUTEX_DEFAULT, IPL_NONE);
	fp->f_count = 1;
	fp->f_flag = fflag;
	fp->f_vnode = vp;
	kauth_cred_hold(cred);
	fp->f_cred = cred;
	fp->f_advlock_id = fp;
	return fp;
}

void
file_hold(struct file *fp)
{

	atomic_inc_uint(&fp->f_count);
}

/* the last reference went: close the vnode */
void
closef(struct file *fp)
{
	struct vnode *vp = fp->f_vnode;

	if (vp != NULL) {
		vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
		(void)VOP_CLOSE(vp, fp->f_flag & ~FWRITECOUNT, fp->f_cred);
		if (fp->f_flag & FWRITECOUNT) {
			mutex_enter(vp->v_interlock);
			KASSERT(vp->v_writecount > 0);
			vp->v_writecount--;
			mutex_exit(vp->v_interlock);
		}
		VOP_UNLOCK(vp);
		vrele(vp);
	}
	kauth_cred_free(fp->f_cred);
	mutex_destroy(&fp->f_lock);
	kmem_free(fp, sizeof(*fp));
}

struct file *
fd_getfile(int fd)
{
	struct filedesc *fdp = filedesc_cur();
	struct file *fp = NULL;

	if (fdp == NULL)
		return NULL;
	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd <= fdp->fd_lastfile) {
		fp = fdp->fd_ofiles[fd];
		if (fp != NULL)
			file_hold(fp);
	}
	mutex_exit(&fdp->fd_lock);
	return fp;
}

void
fd_putfile(struct file *fp)
{

	if (atomic_dec_uint_nv(&fp->f_count) == 0)
		closef(fp);
}

int
fd_getvnode(int fd, struct file **fpp)
{
	struct file *fp;

	if ((fp = fd_getfile(fd)) == NULL)
		return EBADF;
	if (fp->f_vnode == NULL) {
		fd_putfile(fp);
		return EBADF;
	}
	*fpp = fp;
	return 0;
}

/* the lowest free slot >= minfd; fd_lock held */
static int
fd_findfree(struct filedesc *fdp, int minfd, int *fdp_out)
{
	int fd, error;

	for (fd = minfd; fd < fdp->fd_nfiles; fd++) {
		if (fdp->fd_ofiles[fd] == NULL) {
			*fdp_out = fd;
			return 0;
		}
	}
	if (fd >= FD_MAXFILES)
		return EMFILE;
	error = fd_table_grow(fdp, fd + 1);
	if (error == 0)
		*fdp_out = fd;
	return error;
}

/* put fp (one reference consumed on success) in the lowest free slot */
int
fd_install(struct file *fp, int minfd, bool cloexec, int *fdp_out)
{
	struct filedesc *fdp = filedesc_cur();
	int error, fd;

	if (fdp == NULL)
		return ENOMEM;
	if (minfd < 0 || minfd >= FD_MAXFILES)
		return EINVAL;
	mutex_enter(&fdp->fd_lock);
	error = fd_findfree(fdp, minfd, &fd);
	if (error == 0) {
		fdp->fd_ofiles[fd] = fp;
		fdp->fd_ofileflags[fd] = cloexec ? FD_CLOEXEC : 0;
		if (fd > fdp->fd_lastfile)
			fdp->fd_lastfile = fd;
		*fdp_out = fd;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

/* take fd out of the table; fd_lock held; returns the file or NULL */
static struct file *
fd_detach(struct filedesc *fdp, int fd)
{
	struct file *fp;

	if (fd < 0 || fd > fdp->fd_lastfile)
		return NULL;
	fp = fdp->fd_ofiles[fd];
	fdp->fd_ofiles[fd] = NULL;
	fdp->fd_ofileflags[fd] = 0;
	while (fdp->fd_lastfile >= 0 &&
	    fdp->fd_ofiles[fdp->fd_lastfile] == NULL)
		fdp->fd_lastfile--;
	return fp;
}

/* POSIX: closing any descriptor of a file drops the process's locks */
static void
fd_close_locks(struct file *fp)
{
	struct flock fl;

	if (fp->f_vnode == NULL || fp->f_vnode->v_lockf == NULL)
		return;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	(void)VOP_ADVLOCK(fp->f_vnode, curproc, F_UNLCK, &fl, F_POSIX);
}

int
fd_close(int fd)
{
	struct filedesc *fdp = filedesc_cur();
	struct file *fp;

	if (fdp == NULL)
		return EBADF;
	mutex_enter(&fdp->fd_lock);
	fp = fd_detach(fdp, fd);
	mutex_exit(&fdp->fd_lock);
	if (fp == NULL)
		return EBADF;
	fd_close_locks(fp);
	fd_putfile(fp);
	return 0;
}

int
fd_dup2(int oldfd, int newfd, bool cloexec)
{
	struct filedesc *fdp = filedesc_cur();
	struct file *fp, *ofp = NULL;
	int error;

	if (newfd < 0 || newfd >= FD_MAXFILES)
		return EBADF;
	if ((fp = fd_getfile(oldfd)) == NULL)
		return EBADF;
	if (oldfd == newfd) {
		fd_putfile(fp);
		return 0;
	}
	mutex_enter(&fdp->fd_lock);
	error = fd_table_grow(fdp, newfd + 1);
	if (error == 0) {
		ofp = fd_detach(fdp, newfd);
		fdp->fd_ofiles[newfd] = fp;	/* our reference */
		fdp->fd_ofileflags[newfd] = cloexec ? FD_CLOEXEC : 0;
		if (newfd > fdp->fd_lastfile)
			fdp->fd_lastfile = newfd;
	}
	mutex_exit(&fdp->fd_lock);
	if (error != 0) {
		fd_putfile(fp);
		return error;
	}
	if (ofp != NULL) {
		fd_close_locks(ofp);
		fd_putfile(ofp);
	}
	return 0;
}

int
fd_getflags(int fd, int *flagsp)
{
	struct filedesc *fdp = filedesc_cur();
	int error = EBADF;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd <= fdp->fd_lastfile &&
	    fdp->fd_ofiles[fd] != NULL) {
		*flagsp = fdp->fd_ofileflags[fd];
		error = 0;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

int
fd_setflags(int fd, int flags)
{
	struct filedesc *fdp = filedesc_cur();
	int error = EBADF;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd <= fdp->fd_lastfile &&
	    fdp->fd_ofiles[fd] != NULL) {
		fdp->fd_ofileflags[fd] = flags & FD_CLOEXEC;
		error = 0;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

/* the calling process's table, made on first use */
struct filedesc *
filedesc_cur(void)
{
	struct proc *p = curproc;
	struct filedesc *fdp;

	if (__predict_true(p->p_fd != NULL))
		return p->p_fd;
	fdp = fd_table_alloc();
	if (fdp == NULL)
		return NULL;
	mutex_enter(&p->p_lock);
	if (p->p_fd == NULL) {
		p->p_fd = fdp;
		fdp = NULL;
	}
	mutex_exit(&p->p_lock);
	if (fdp != NULL)
		fd_table_release(fdp, NULL);
	return p->p_fd;
}
