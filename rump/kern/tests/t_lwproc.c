/*
 * Lwp and process contexts: rfork makes a child with a new pid and the
 * parent's credentials, a thread switches between lwps, setcred is seen
 * through kauth_cred_get, releasing the last lwp frees the process.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/kauth.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/proc.h>

#include "kt_util.h"

#include <setjmp.h>
#include <cmocka.h>

static int nfork, nexit, lastflags;
static struct proc *lastparent;

static int
test_fork(struct proc *parent, struct proc *child, int flags)
{
	nfork++;
	lastflags = flags;
	lastparent = parent;
	return 0;
}

static void
test_exit(struct proc *p)
{
	nexit++;
}

static const struct proc_hooks hooks = { test_fork, test_exit };

static int
setup(void **state)
{
	kt_boot();
	/* replaces the VFS faction's: these processes have no files */
	proc_register_hooks(&hooks);
	return 0;
}

static void
test_rfork_new_pid(void **state)
{
	struct lwp *l0 = curlwp, *l;
	int32_t pid;

	assert_int_equal(rump_pub_lwproc_getpid(), 1);
	nfork = 0;
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	assert_int_equal(nfork, 1);
	assert_int_equal(lastflags, RFCFDG);
	assert_ptr_equal(lastparent, &proc0);
	l = curlwp;
	assert_ptr_not_equal(l, l0);
	assert_ptr_equal(rump_pub_lwproc_curlwp(), l);
	pid = rump_pub_lwproc_getpid();
	assert_true(pid > 1);
	assert_ptr_equal(proc_find(pid), curproc);
	assert_ptr_not_equal(curproc, &proc0);
	assert_false(l->l_flag & LW_IMPLICIT);
	/* credentials copied from proc0: root */
	assert_true(kauth_cred_issuser(kauth_cred_get()));
	nexit = 0;
	rump_pub_lwproc_releaselwp();
	assert_int_equal(nexit, 1);
	assert_null(proc_find(pid));
	assert_int_equal(rump_pub_lwproc_getpid(), 1);
}

static void
test_rfork_bad_flags(void **state)
{
	assert_int_equal(rump_pub_lwproc_rfork(0x40000), EINVAL);
	assert_int_equal(rump_pub_lwproc_getpid(), 1);
}

static void
test_switch_two(void **state)
{
	struct lwp *l1, *l2;
	int32_t p1, p2;

	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	l1 = curlwp;
	p1 = rump_pub_lwproc_getpid();
	rump_pub_lwproc_switch(NULL);
	assert_int_equal(rump_pub_lwproc_getpid(), 1);
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	l2 = curlwp;
	p2 = rump_pub_lwproc_getpid();
	assert_true(p2 != p1 && p2 > 1);
	for (int i = 0; i < 3; i++) {
		rump_pub_lwproc_switch(l1);
		assert_ptr_equal(curlwp, l1);
		assert_int_equal(rump_pub_lwproc_getpid(), p1);
		rump_pub_lwproc_switch(l2);
		assert_ptr_equal(curlwp, l2);
		assert_int_equal(rump_pub_lwproc_getpid(), p2);
	}
	rump_pub_lwproc_releaselwp();
	assert_null(proc_find(p2));
	rump_pub_lwproc_switch(l1);
	rump_pub_lwproc_releaselwp();
	assert_null(proc_find(p1));
	assert_int_equal(rump_pub_lwproc_getpid(), 1);
}

static void
test_setcred(void **state)
{
	const uint32_t groups[] = { 50, 60 };
	struct lwp *l1, *l2;
	int32_t pid;

	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	l1 = curlwp;
	pid = rump_pub_lwproc_getpid();
	assert_int_equal(rump_pub_lwproc_setcred(1000, 100, 2, groups), 0);
	assert_int_equal(kauth_cred_geteuid(kauth_cred_get()), 1000);
	assert_int_equal(kauth_cred_getegid(kauth_cred_get()), 100);
	assert_true(kauth_cred_ismember_gid(kauth_cred_get(), 60));
	assert_false(kauth_cred_issuser(kauth_cred_get()));
	/* a second lwp of the same process sees it too */
	assert_int_equal(rump_pub_lwproc_newlwp(pid), 0);
	l2 = curlwp;
	assert_ptr_not_equal(l1, l2);
	assert_int_equal(rump_pub_lwproc_getpid(), pid);
	assert_int_equal(kauth_cred_geteuid(kauth_cred_get()), 1000);
	/* a later change reaches the other lwp */
	assert_int_equal(rump_pub_lwproc_setcred(2000, 200, 0, NULL), 0);
	rump_pub_lwproc_switch(l1);
	assert_int_equal(kauth_cred_geteuid(kauth_cred_get()), 2000);
	assert_int_equal(kauth_cred_ngroups(kauth_cred_get()), 0);
	assert_int_equal(rump_pub_lwproc_setcred(1, 1, NGROUPS + 1, groups),
	    EINVAL);
	/* a child inherits the credential */
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	assert_int_equal(kauth_cred_geteuid(kauth_cred_get()), 2000);
	rump_pub_lwproc_releaselwp();
	/* proc0 untouched */
	assert_true(kauth_cred_issuser(kauth_cred_get()));
	rump_pub_lwproc_switch(l1);
	rump_pub_lwproc_releaselwp();
	assert_non_null(proc_find(pid));	/* l2 still there */
	rump_pub_lwproc_switch(l2);
	rump_pub_lwproc_releaselwp();
	assert_null(proc_find(pid));
}

static void
test_newlwp_nosuch(void **state)
{
	assert_int_equal(rump_pub_lwproc_newlwp(99999), ESRCH);
}

static void
test_release_frees(void **state)
{
	uint64_t base;

	(void)curlwp;	/* the implicit lwp exists before measuring */
	base = kmem_inuse();
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	assert_int_equal(rump_pub_lwproc_setcred(7, 7, 0, NULL), 0);
	assert_true(kmem_inuse() > base);
	rump_pub_lwproc_releaselwp();
	(void)curlwp;	/* back in an implicit lwp, as before */
	assert_int_equal(kmem_inuse(), base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfork_new_pid),
		cmocka_unit_test(test_rfork_bad_flags),
		cmocka_unit_test(test_switch_two),
		cmocka_unit_test(test_setcred),
		cmocka_unit_test(test_newlwp_nosuch),
		cmocka_unit_test(test_release_frees),
	};

	return cmocka_run_group_tests_name("lwproc", tests, setup, NULL);
}
