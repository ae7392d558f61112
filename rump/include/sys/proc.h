/*
 * Rump processes: credentials, a file descriptor table, cwd and root.
 * The process structure belongs to rump/kern; the descriptor table and
 * cwd are the VFS faction's, attached through proc_hooks so that kern does
 * not depend on vfs.
 */
#ifndef _SYS_PROC_H_
#define _SYS_PROC_H_

#include <sys/types.h>
#include <sys/kauth.h>
#include <sys/mutex.h>
#include <sys/queue.h>

struct filedesc;
struct cwdinfo;
struct lwp;

struct proc {
	pid_t p_pid;
	kauth_cred_t p_cred;		/* held */
	struct filedesc *p_fd;		/* VFS: descriptor table */
	struct cwdinfo *p_cwdi;		/* VFS: cwd, root, umask */
	kmutex_t p_lock;
	int p_nlwps;
	int p_flag;
#define PK_SYSTEM	0x01		/* proc0 */
	LIST_ENTRY(proc) p_list;
};

extern struct proc proc0;

/* fork flags, as rump_lwproc_rfork */
#define RFFDG	0x04	/* copy the descriptor table */
#define RFCFDG	0x1000	/* start with an empty descriptor table */

/* The VFS faction fills in descriptors and cwd for new processes. */
struct proc_hooks {
	int (*ph_fork)(struct proc *parent, struct proc *child, int flags);
	void (*ph_exit)(struct proc *p);
};
void proc_register_hooks(const struct proc_hooks *);

struct proc *proc_find(pid_t pid);	/* not held; for advlock owners */
int proc_fork(struct proc *parent, int flags, struct proc **childp);
void proc_release(struct proc *p);	/* after its last lwp went */

#endif /* _SYS_PROC_H_ */
