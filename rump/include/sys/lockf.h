/*
 * Advisory record locks (fcntl F_GETLK/F_SETLK/F_SETLKW, flock).  A file
 * system keeps a list head per file and answers VOP_ADVLOCK with
 *	return lf_advlock(ap, &node->lockf_head, node->size);
 * Owners are a_id: POSIX locks (F_POSIX) are per process, flock locks
 * (F_FLOCK) per open file.  F_WAIT sleeps until the lock is free; a POSIX
 * wait that would deadlock fails with EDEADLK; F_GETLK reports the first
 * conflicting lock (its pid: the owning process's, else fl->l_pid as
 * given when it was set).
 */
#ifndef _SYS_LOCKF_H_
#define _SYS_LOCKF_H_

#include <sys/vnode_if.h>

struct lockf;

int lf_advlock(struct vop_advlock_args *ap, struct lockf **head, off_t size);
/* drop every lock left on a file (reclaim) */
void lf_purge(struct lockf **head);

#endif /* _SYS_LOCKF_H_ */
