/*
 * Process identity: getpid and the user/group ids of the calling rump
 * process.  Changing another id than one's own takes root.  A credential
 * is immutable once shared, so every change installs a modified copy in
 * the process and in the calling lwp.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

enum cred_op { SET_UID, SET_EUID, SET_GID, SET_EGID };

int32_t
rump_sys_getpid(void)
{
	int32_t pid;

	sys_enter();
	pid = curproc->p_pid;
	rump_unschedule();
	return pid;
}

static uint32_t
get_id(uint32_t (*fn)(kauth_cred_t))
{
	uint32_t id;

	sys_enter();
	id = fn(kauth_cred_get());
	rump_unschedule();
	return id;
}

uint32_t
rump_sys_getuid(void)
{

	return get_id(kauth_cred_getuid);
}

uint32_t
rump_sys_geteuid(void)
{

	return get_id(kauth_cred_geteuid);
}

uint32_t
rump_sys_getgid(void)
{

	return get_id(kauth_cred_getgid);
}

uint32_t
rump_sys_getegid(void)
{

	return get_id(kauth_cred_getegid);
}

/* install ncred (its reference consumed) in the process and curlwp */
static void
cred_install(kauth_cred_t ncred)
{
	struct lwp *l = curlwp;
	struct proc *p = l->l_proc;
	kauth_cred_t opcred, olcred;

	kauth_cred_hold(ncred);
	mutex_enter(&p->p_lock);
	opcred = p->p_cred;
	p->p_cred = ncred;
	mutex_exit(&p->p_lock);
	olcred = l->l_cred;
	l->l_cred = ncred;
	if (opcred != NULL)
		kauth_cred_free(opcred);
	if (olcred != NULL)
		kauth_cred_free(olcred);
}

static int
do_setid(enum cred_op op, uint32_t id)
{
	kauth_cred_t cred = kauth_cred_get(), ncred;
	bool own;

	if (id == (uint32_t)-1)
		return EINVAL;
	if (op == SET_UID || op == SET_EUID)
		own = id == kauth_cred_getuid(cred) ||
		    id == kauth_cred_geteuid(cred);
	else
		own = id == kauth_cred_getgid(cred) ||
		    id == kauth_cred_getegid(cred);
	if (!own && !kauth_cred_issuser(cred))
		return EPERM;
	if ((ncred = kauth_cred_dup(cred)) == NULL)
		return ENOMEM;
	switch (op) {
	case SET_UID:
		/* root sets all ids; others only the effective one */
		if (kauth_cred_issuser(cred))
			kauth_cred_setuid(ncred, id);
		kauth_cred_seteuid(ncred, id);
		break;
	case SET_EUID:
		kauth_cred_seteuid(ncred, id);
		break;
	case SET_GID:
		if (kauth_cred_issuser(cred))
			kauth_cred_setgid(ncred, id);
		kauth_cred_setegid(ncred, id);
		break;
	case SET_EGID:
		kauth_cred_setegid(ncred, id);
		break;
	}
	cred_install(ncred);
	return 0;
}

int
rump_sys_setuid(uint32_t uid)
{

	sys_enter();
	return sys_exit(do_setid(SET_UID, uid));
}

int
rump_sys_seteuid(uint32_t uid)
{

	sys_enter();
	return sys_exit(do_setid(SET_EUID, uid));
}

int
rump_sys_setgid(uint32_t gid)
{

	sys_enter();
	return sys_exit(do_setid(SET_GID, gid));
}

int
rump_sys_setegid(uint32_t gid)
{

	sys_enter();
	return sys_exit(do_setid(SET_EGID, gid));
}

static int
do_setgroups(int n, const uint32_t *groups)
{
	kauth_cred_t ncred;
	int error;

	if (!kauth_cred_issuser(kauth_cred_get()))
		return EPERM;
	if (n < 0 || n > NGROUPS)
		return EINVAL;
	if (n > 0 && groups == NULL)
		return EFAULT;
	if ((ncred = kauth_cred_dup(kauth_cred_get())) == NULL)
		return ENOMEM;
	if ((error = kauth_cred_setgroups(ncred, groups, n)) != 0) {
		kauth_cred_free(ncred);
		return error;
	}
	cred_install(ncred);
	return 0;
}

int
rump_sys_setgroups(int n, const uint32_t *groups)
{

	sys_enter();
	return sys_exit(do_setgroups(n, groups));
}
