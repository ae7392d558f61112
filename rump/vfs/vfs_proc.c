/*
 * The VFS side of rump processes: at fork a child gets a descriptor table
 * (copied, empty or shared) and a copy of the cwd, root and umask; at exit
 * its locks and files are released.
 */
#include <sys/types.h>
#include <sys/rumpcomp.h>

#include "vfs_syscalls.h"

static int
vfs_proc_fork(struct proc *parent, struct proc *child, int flags)
{
	struct filedesc *pfd;
	struct cwdinfo *pcwdi;
	int error;

	pfd = parent->p_fd;
	pcwdi = parent->p_cwdi;
	if (flags & RFCFDG) {
		if ((child->p_fd = fd_table_alloc()) == NULL)
			return ENOMEM;
	} else if (flags & RFFDG) {
		if (pfd == NULL)
			child->p_fd = fd_table_alloc();
		else if ((error = fd_table_copy(pfd, &child->p_fd)) != 0)
			return error;
		if (child->p_fd == NULL)
			return ENOMEM;
	} else if (pfd != NULL) {
		fd_table_hold(pfd);
		child->p_fd = pfd;
	} else if ((child->p_fd = fd_table_alloc()) == NULL)
		return ENOMEM;

	child->p_cwdi = pcwdi != NULL ? cwdinfo_copy(pcwdi) : cwdinfo_alloc();
	if (child->p_cwdi == NULL) {
		fd_table_release(child->p_fd, NULL);
		child->p_fd = NULL;
		return ENOMEM;
	}
	return 0;
}

static void
vfs_proc_exit(struct proc *p)
{
	struct filedesc *fdp;
	struct cwdinfo *cwdi;

	mutex_enter(&p->p_lock);
	fdp = p->p_fd;
	cwdi = p->p_cwdi;
	p->p_fd = NULL;
	p->p_cwdi = NULL;
	mutex_exit(&p->p_lock);
	fd_table_release(fdp, p);
	cwdinfo_release(cwdi);
}

static const struct proc_hooks vfs_proc_hooks = {
	.ph_fork = vfs_proc_fork,
	.ph_exit = vfs_proc_exit,
};

RUMP_COMPONENT(RUMP_COMPONENT_VFS)
{

	proc_register_hooks(&vfs_proc_hooks);
	if (proc0.p_fd == NULL)
		proc0.p_fd = fd_table_alloc();
	if (proc0.p_cwdi == NULL)
		proc0.p_cwdi = cwdinfo_alloc();
}
