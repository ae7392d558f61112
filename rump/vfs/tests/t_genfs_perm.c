/*
 * genfs_can_* and genfs_writable: the POSIX permission tables, the
 * superuser's bypass, chmod/chown/utimes/chflags rules, sticky dirs.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <cmocka.h>

#define OWNER	100
#define GROUP	200

static kauth_cred_t root, owner, member, other;
static int access_answer;

static int
fake_access(struct vop_access_args *ap)
{

	return access_answer;
}

static const struct vnodeops fake_ops = { .vop_access = fake_access };

static void
fakevp(struct vnode *vp, enum vtype type)
{

	memset(vp, 0, sizeof(*vp));
	vp->v_type = type;
	vp->v_op = &fake_ops;
}

static int
setup(void **state)
{
	gid_t g[1] = { GROUP };

	tfs_boot();
	root = kauth_cred_create(0, 0, 0, NULL);
	owner = kauth_cred_create(OWNER, 1, 0, NULL);
	member = kauth_cred_create(300, 1, 1, g);
	other = kauth_cred_create(400, 2, 0, NULL);
	assert_non_null(root);
	assert_non_null(member);
	return 0;
}

static int
acc(struct vnode *vp, kauth_cred_t c, mode_t mode, int want)
{

	return genfs_can_access(vp, c, OWNER, GROUP, mode, want);
}

static void
test_access_table(void **state)
{
	struct vnode vp;

	fakevp(&vp, VREG);
	/* owner bits for the owner only */
	assert_int_equal(acc(&vp, owner, 0600, VREAD | VWRITE), 0);
	assert_int_equal(acc(&vp, owner, 0600, VEXEC), EACCES);
	assert_int_equal(acc(&vp, owner, 0066, VREAD), EACCES);
	/* group bits for members, even with generous other bits */
	assert_int_equal(acc(&vp, member, 0040, VREAD), 0);
	assert_int_equal(acc(&vp, member, 0040, VWRITE), EACCES);
	assert_int_equal(acc(&vp, member, 0707, VREAD), EACCES);
	/* other bits for the rest */
	assert_int_equal(acc(&vp, other, 0004, VREAD), 0);
	assert_int_equal(acc(&vp, other, 0770, VREAD), EACCES);
	assert_int_equal(acc(&vp, other, 0002, VWRITE | VAPPEND), 0);
	assert_int_equal(acc(&vp, other, 0004, VAPPEND), EACCES);
	/* VADMIN: the owner (or root) */
	assert_int_equal(acc(&vp, owner, 0, VADMIN), 0);
	assert_int_equal(acc(&vp, other, 0777, VADMIN), EPERM);
	/* root reads and writes anything, executes what someone may */
	assert_int_equal(acc(&vp, root, 0, VREAD | VWRITE | VADMIN), 0);
	assert_int_equal(acc(&vp, root, 0644, VEXEC), EACCES);
	assert_int_equal(acc(&vp, root, 0001, VEXEC), 0);
	assert_int_equal(acc(&vp, NOCRED, 0, VREAD), 0);
	/* directories: root may always search */
	fakevp(&vp, VDIR);
	assert_int_equal(acc(&vp, root, 0, VEXEC), 0);
	assert_int_equal(acc(&vp, other, 0754, VEXEC), EACCES);
	assert_int_equal(acc(&vp, other, 0751, VEXEC), 0);
}

static void
test_chmod(void **state)
{
	struct vnode vp;

	fakevp(&vp, VREG);
	assert_int_equal(genfs_can_chmod(&vp, owner, OWNER, GROUP, 0755), 0);
	assert_int_equal(genfs_can_chmod(&vp, other, OWNER, GROUP, 0755),
	    EPERM);
	assert_int_equal(genfs_can_chmod(&vp, root, OWNER, GROUP, 07777), 0);
	/* setgid needs the file's group among the owner's */
	assert_int_equal(genfs_can_chmod(&vp, owner, OWNER, GROUP, 02755),
	    EPERM);
	assert_int_equal(genfs_can_chmod(&vp, owner, OWNER, 1, 02755), 0);
}

static void
test_chown(void **state)
{
	struct vnode vp;
	uid_t nou = (uid_t)VNOVAL;
	gid_t nog = (gid_t)VNOVAL;

	fakevp(&vp, VREG);
	assert_int_equal(genfs_can_chown(&vp, root, OWNER, GROUP, 5, 6), 0);
	/* the owner may give the file only to himself */
	assert_int_equal(genfs_can_chown(&vp, owner, OWNER, GROUP, 5, nog),
	    EPERM);
	assert_int_equal(genfs_can_chown(&vp, owner, OWNER, GROUP, OWNER,
	    nog), 0);
	/* and move it to one of his groups */
	assert_int_equal(genfs_can_chown(&vp, owner, OWNER, GROUP, nou, 1),
	    0);
	assert_int_equal(genfs_can_chown(&vp, owner, OWNER, GROUP, nou, 7),
	    EPERM);
	assert_int_equal(genfs_can_chown(&vp, owner, OWNER, GROUP, nou,
	    GROUP), 0);
	assert_int_equal(genfs_can_chown(&vp, other, OWNER, GROUP, nou, nog),
	    EPERM);
}

static void
test_chtimes_chflags_sticky(void **state)
{
	struct vnode vp, dvp;

	fakevp(&vp, VREG);
	fakevp(&dvp, VDIR);
	assert_int_equal(genfs_can_chtimes(&vp, owner, OWNER, 0), 0);
	assert_int_equal(genfs_can_chtimes(&vp, root, OWNER, 0), 0);
	assert_int_equal(genfs_can_chtimes(&vp, other, OWNER, 0), EPERM);
	/* utimes(NULL): anyone who may write */
	access_answer = 0;
	assert_int_equal(genfs_can_chtimes(&vp, other, OWNER,
	    VA_UTIMES_NULL), 0);
	access_answer = EACCES;
	assert_int_equal(genfs_can_chtimes(&vp, other, OWNER,
	    VA_UTIMES_NULL), EACCES);
	assert_int_equal(genfs_can_chflags(&vp, owner, OWNER, false), 0);
	assert_int_equal(genfs_can_chflags(&vp, owner, OWNER, true), EPERM);
	assert_int_equal(genfs_can_chflags(&vp, other, OWNER, false), EPERM);
	assert_int_equal(genfs_can_chflags(&vp, root, OWNER, true), 0);
	/* sticky: the file's owner, the directory's owner, root */
	assert_int_equal(genfs_can_sticky(&dvp, &vp, owner, 1, OWNER), 0);
	assert_int_equal(genfs_can_sticky(&dvp, &vp, owner, OWNER, 1), 0);
	assert_int_equal(genfs_can_sticky(&dvp, &vp, other, OWNER, OWNER),
	    EPERM);
	assert_int_equal(genfs_can_sticky(&dvp, &vp, root, 1, 2), 0);
}

static void
test_writable(void **state)
{
	struct mount m;
	struct vnode vp;

	fakevp(&vp, VREG);
	memset(&m, 0, sizeof(m));
	vp.v_mount = &m;
	assert_int_equal(genfs_writable(&vp), 0);
	m.mnt_flag = MNT_RDONLY;
	assert_int_equal(genfs_writable(&vp), EROFS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_table),
		cmocka_unit_test(test_chmod),
		cmocka_unit_test(test_chown),
		cmocka_unit_test(test_chtimes_chflags_sticky),
		cmocka_unit_test(test_writable),
	};

	return cmocka_run_group_tests_name("genfs_perm", tests, setup, NULL);
}
