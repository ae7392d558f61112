/*
 * Mounts: do_sys_mount errors (ENODEV, ENOTDIR, EBUSY, EPERM), mnt_stat
 * names and fsids, unmount (EBUSY while in use, EINVAL off a mount
 * point, forced), MNT_UPDATE rw -> ro (EBUSY with writers), vfs_busy
 * after unmount, vfs_attach/detach, vfs_syncall and vfs_unmountall.
 */
#include <sys/types.h>
#include <sys/lwp.h>
#include <sys/filedesc.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <cmocka.h>

static struct vnode *
look(const char *p)
{
	struct vnode *vp;

	assert_int_equal(tfs_namei(p, LOOKUP, FOLLOW, &vp), 0);
	return vp;
}

static void
test_mount_errors(void **state)
{
	const char *dir = tfs_newdir();
	struct mount *mp;
	struct lwp user;
	char file[64];

	tfs_boot();
	assert_int_equal(do_sys_mount(curlwp, "nonesuch", dir, 0, NULL, 0),
	    ENODEV);
	assert_int_equal(do_sys_mount(curlwp, "testfs", "/nonesuch", 0,
	    NULL, 0), ENOENT);
	/* only root mounts */
	memset(&user, 0, sizeof(user));
	user.l_cred = kauth_cred_create(1000, 1000, 0, NULL);
	assert_int_equal(do_sys_mount(&user, "testfs", dir, 0, NULL, 0),
	    EPERM);
	assert_int_equal(do_sys_unmount(&user, dir, 0), EPERM);
	kauth_cred_free(user.l_cred);
	mp = tfs_mount(dir);
	assert_non_null(mp);
	/* a mount point is taken */
	assert_int_equal(do_sys_mount(curlwp, "testfs", dir, 0, NULL, 0),
	    EBUSY);
	/* only on directories */
	assert_int_not_equal(tfs_mknode(mp, TFS_ROOTINO, "file", VREG, 0644,
	    NULL), 0);
	snprintf(file, sizeof(file), "%s/file", dir);
	assert_int_equal(do_sys_mount(curlwp, "testfs", file, 0, NULL, 0),
	    ENOTDIR);
	/* unmount of something not a mount point */
	assert_int_equal(do_sys_unmount(curlwp, file, 0), EINVAL);
	assert_int_equal(do_sys_unmount(curlwp, dir, 0), 0);
}

static void
test_names_and_fsid(void **state)
{
	const char *d1 = tfs_newdir(), *d2 = tfs_newdir();
	struct mount *m1 = tfs_mount(d1), *m2 = tfs_mount(d2);
	struct vnode *vp;

	assert_non_null(m1);
	assert_non_null(m2);
	assert_string_equal(m1->mnt_stat.f_fstypename, "testfs");
	assert_string_equal(m1->mnt_stat.f_mntonname, d1);
	assert_string_equal(m2->mnt_stat.f_mntonname, d2);
	assert_int_equal(m1->mnt_stat.f_namemax, NAME_MAX);
	assert_int_equal(m1->mnt_stat.f_bsize, 512);	/* from statvfs */
	assert_int_not_equal(m1->mnt_stat.f_fsid, m2->mnt_stat.f_fsid);
	assert_ptr_equal(vfs_getvfs(m1->mnt_stat.f_fsid), m1);
	assert_ptr_equal(vfs_getvfs(m2->mnt_stat.f_fsid), m2);
	/* the covered directory */
	vp = look(d1);
	assert_ptr_equal(vp->v_mount, m1);
	assert_non_null(m1->mnt_vnodecovered);
	assert_ptr_equal(m1->mnt_vnodecovered->v_mountedhere, m1);
	vrele(vp);
	assert_int_equal(vfs_syncall(), 0);
	assert_int_equal(tfs_unmount(m1, 0), 0);
	assert_int_equal(tfs_unmount(m2, 0), 0);
	/* the directory shows again */
	vp = look(d1);
	assert_ptr_equal(vp->v_mountedhere, NULL);
	assert_ptr_not_equal(vp->v_mount, m1);
	vrele(vp);
}

static void
test_unmount_busy(void **state)
{
	const char *dir = tfs_newdir();
	struct mount *mp = tfs_mount(dir);
	struct vnode *root, *vp;
	uint64_t fsid;
	char file[64];

	assert_non_null(mp);
	fsid = mp->mnt_stat.f_fsid;
	assert_int_not_equal(tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644,
	    NULL), 0);
	snprintf(file, sizeof(file), "%s/f", dir);
	vp = look(file);
	assert_int_equal(do_sys_unmount(curlwp, dir, 0), EBUSY);
	vrele(vp);
	/* the root in use (a cwd, say) counts too */
	root = look(dir);
	assert_int_equal(do_sys_unmount(curlwp, dir, 0), EBUSY);
	vrele(root);
	vfs_ref(mp);
	assert_int_equal(do_sys_unmount(curlwp, dir, 0), 0);
	/* gone: no more busying, no more fsid */
	assert_int_equal(vfs_busy(mp), ENOENT);
	assert_null(vfs_getvfs(fsid));
	assert_int_equal(dounmount(mp, 0, curlwp), ENOENT);
	vfs_rele(mp);
}

static void
test_update_rdonly(void **state)
{
	const char *dir = tfs_newdir();
	struct mount *mp = tfs_mount(dir);
	struct vnode *vp;
	char file[64];

	assert_non_null(mp);
	assert_int_not_equal(tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644,
	    NULL), 0);
	snprintf(file, sizeof(file), "%s/f", dir);
	vp = look(file);
	assert_int_equal(genfs_writable(vp), 0);
	vp->v_writecount = 1;		/* open for writing */
	assert_int_equal(do_sys_mount(curlwp, "testfs", dir,
	    MNT_UPDATE | MNT_RDONLY, NULL, 0), EBUSY);
	assert_false(mp->mnt_flag & MNT_RDONLY);
	vp->v_writecount = 0;
	assert_int_equal(do_sys_mount(curlwp, "testfs", dir,
	    MNT_UPDATE | MNT_RDONLY, NULL, 0), 0);
	assert_true(mp->mnt_flag & MNT_RDONLY);
	assert_false(mp->mnt_flag & MNT_UPDATE);
	assert_true(mp->mnt_stat.f_flag & MNT_RDONLY);
	assert_int_equal(genfs_writable(vp), EROFS);
	/* and back */
	assert_int_equal(do_sys_mount(curlwp, "testfs", dir, MNT_UPDATE,
	    NULL, 0), 0);
	assert_false(mp->mnt_flag & MNT_RDONLY);
	/* MNT_UPDATE only on a mount point */
	assert_int_equal(do_sys_mount(curlwp, "testfs", file, MNT_UPDATE,
	    NULL, 0), EINVAL);
	vrele(vp);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

static struct vfsops otherfs_vfsops;

static void
test_attach_detach(void **state)
{
	const char *dir = tfs_newdir();
	struct mount *mp;

	assert_int_equal(vfs_attach(&testfs_vfsops), EEXIST);
	assert_ptr_equal(vfs_getopsbyname("testfs"), &testfs_vfsops);
	assert_null(vfs_getopsbyname("otherfs"));
	otherfs_vfsops = testfs_vfsops;
	otherfs_vfsops.vfs_name = "otherfs";
	assert_int_equal(vfs_attach(&otherfs_vfsops), 0);
	assert_ptr_equal(vfs_getopsbyname("otherfs"), &otherfs_vfsops);
	assert_int_equal(do_sys_mount(curlwp, "otherfs", dir, 0, NULL, 0), 0);
	assert_int_equal(vfs_detach(&otherfs_vfsops), EBUSY);
	assert_int_equal(do_sys_unmount(curlwp, dir, 0), 0);
	assert_int_equal(vfs_detach(&otherfs_vfsops), 0);
	assert_null(vfs_getopsbyname("otherfs"));
	(void)mp;
}

static void
test_unmountall(void **state)
{
	const char *dir = tfs_newdir();
	struct mount *m1 = tfs_mount(dir), *m2;
	struct vnode *vp;
	char sub[64];

	assert_non_null(m1);
	assert_int_not_equal(tfs_mknode(m1, TFS_ROOTINO, "m", VDIR, 0755,
	    NULL), 0);
	snprintf(sub, sizeof(sub), "%s/m", dir);
	m2 = tfs_mount(sub);		/* a mount on a mount */
	assert_non_null(m2);
	/* covered: unmounting m1 first is refused */
	assert_int_equal(tfs_unmount(m1, 0), EBUSY);
	assert_int_equal(vfs_unmountall(), 0);
	vp = look(dir);
	assert_null(vp->v_mountedhere);
	assert_int_equal(vp->v_vflag & VV_ROOT, 0);
	vrele(vp);
	/* the root file system stays */
	assert_non_null(rootvnode);
	assert_non_null(rootvnode->v_mount);
	assert_int_equal(dounmount(rootvnode->v_mount, 0, curlwp), EBUSY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount_errors),
		cmocka_unit_test(test_names_and_fsid),
		cmocka_unit_test(test_unmount_busy),
		cmocka_unit_test(test_update_rdonly),
		cmocka_unit_test(test_attach_detach),
		cmocka_unit_test(test_unmountall),
	};

	tfs_boot();
	return cmocka_run_group_tests_name("mount", tests, NULL, NULL);
}
