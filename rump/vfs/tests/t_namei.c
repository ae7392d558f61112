/*
 * namei on testfs: ".", "..", ".." across mount points and at the
 * process root, repeated and trailing slashes, symlinks and ELOOP,
 * ENAMETOOLONG, ENOTDIR, ENOENT, and the CREATE/DELETE lock protocol.
 */
#include <sys/types.h>
#include <sys/filedesc.h>
#include <sys/kmem.h>
#include <sys/lwp.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <cmocka.h>

static const char *base;	/* where the test file system is mounted */
static struct mount *tmp;
static char path[2 * MAXPATHLEN];

static const char *
P(const char *rel)
{

	snprintf(path, sizeof(path), "%s%s", base, rel);
	return path;
}

static struct vnode *
look(const char *p, uint32_t flags)
{
	struct vnode *vp;

	assert_int_equal(tfs_namei(p, LOOKUP, flags, &vp), 0);
	assert_non_null(vp);
	return vp;
}

static int
lookerr(const char *p, uint32_t flags)
{
	struct vnode *vp;
	int error;

	error = tfs_namei(p, LOOKUP, flags, &vp);
	if (error == 0)
		vrele(vp);
	return error;
}

static int
setup(void **state)
{
	uint64_t d, sub;

	tfs_boot();
	base = tfs_newdir();
	tmp = tfs_mount(base);
	assert_non_null(tmp);
	d = tfs_mknode(tmp, TFS_ROOTINO, "d", VDIR, 0755, NULL);
	sub = tfs_mknode(tmp, d, "sub", VDIR, 0755, NULL);
	assert_int_not_equal(tfs_mknode(tmp, sub, "deep", VREG, 0644, NULL),
	    0);
	assert_int_not_equal(tfs_mknode(tmp, d, "f", VREG, 0644, NULL), 0);
	assert_int_not_equal(tfs_mknode(tmp, TFS_ROOTINO, "m", VDIR, 0755,
	    NULL), 0);
	tfs_mknode(tmp, TFS_ROOTINO, "lrel", VLNK, 0777, "d/sub");
	tfs_mknode(tmp, TFS_ROOTINO, "lfile", VLNK, 0777, "d/f");
	tfs_mknode(tmp, TFS_ROOTINO, "loop1", VLNK, 0777, "loop2");
	tfs_mknode(tmp, TFS_ROOTINO, "loop2", VLNK, 0777, "loop1");
	tfs_mknode(tmp, TFS_ROOTINO, "empty", VLNK, 0777, "");
	tfs_mknode(tmp, TFS_ROOTINO, "lroot", VLNK, 0777, "/");
	return 0;
}

static void
test_dot_and_dotdot(void **state)
{
	struct vnode *d = look(P("/d"), 0), *vp;

	vp = look(P("/d/."), 0);
	assert_ptr_equal(vp, d);
	vrele(vp);
	vp = look(P("/d/sub/.."), 0);
	assert_ptr_equal(vp, d);
	vrele(vp);
	vp = look(P("/./d/./sub/../../d/."), 0);
	assert_ptr_equal(vp, d);
	vrele(vp);
	vrele(d);
}

static void
test_dotdot_across_mounts(void **state)
{
	struct vnode *top = look(base, 0), *vp, *parent, *root;
	struct mount *mp2;

	/* base is the root of tmp; its ".." is the covered dir's parent */
	assert_true(top->v_vflag & VV_ROOT);
	assert_ptr_equal(top->v_mount, tmp);
	parent = look(P("/.."), 0);
	assert_ptr_equal(parent, rootvnode);
	vrele(parent);
	/* a mount on base/m: crossing in and back out */
	mp2 = tfs_mount(P("/m"));
	assert_non_null(mp2);
	vp = look(P("/m"), 0);
	assert_ptr_equal(vp->v_mount, mp2);
	assert_true(vp->v_vflag & VV_ROOT);
	vrele(vp);
	vp = look(P("/m/.."), 0);
	assert_ptr_equal(vp, top);
	vrele(vp);
	assert_int_equal(tfs_unmount(mp2, 0), 0);
	vp = look(P("/m"), 0);
	assert_ptr_equal(vp->v_mount, tmp);
	vrele(vp);
	/* never above the root */
	root = look("/..", 0);
	assert_ptr_equal(root, rootvnode);
	vrele(root);
	root = look("/../../..", 0);
	assert_ptr_equal(root, rootvnode);
	vrele(root);
	vrele(top);
}

static void
test_chroot(void **state)
{
	struct cwdinfo *cwdi = cwdinfo_cur();
	struct vnode *top = look(base, 0), *old, *vp;

	assert_non_null(cwdi);
	old = cwdi->cwdi_rdir;
	cwdi->cwdi_rdir = top;
	vp = look("/..", 0);
	assert_ptr_equal(vp, top);
	vrele(vp);
	vp = look("/d/../../../d", 0);
	assert_int_equal(vp->v_type, VDIR);
	vrele(vp);
	vp = look("/lroot", FOLLOW);
	assert_ptr_equal(vp, top);
	vrele(vp);
	cwdi->cwdi_rdir = old;
	vrele(top);
}

static void
test_slashes(void **state)
{
	struct vnode *d = look(P("/d"), 0), *vp;

	vp = look(P("//d//"), 0);
	assert_ptr_equal(vp, d);
	vrele(vp);
	vp = look(P("/d///"), 0);
	assert_ptr_equal(vp, d);
	vrele(vp);
	/* a trailing slash wants a directory */
	assert_int_equal(lookerr(P("/d/f/"), 0), ENOTDIR);
	assert_int_equal(lookerr(P("/d/f/."), 0), ENOTDIR);
	vp = look("///", 0);
	assert_ptr_equal(vp, rootvnode);
	vrele(vp);
	vrele(d);
}

static void
test_symlinks(void **state)
{
	struct vnode *sub = look(P("/d/sub"), 0), *vp;

	vp = look(P("/lrel"), FOLLOW);
	assert_ptr_equal(vp, sub);
	vrele(vp);
	vp = look(P("/lrel"), NOFOLLOW);
	assert_int_equal(vp->v_type, VLNK);
	vrele(vp);
	/* inside a path a link is always followed */
	vp = look(P("/lrel/deep"), NOFOLLOW);
	assert_int_equal(vp->v_type, VREG);
	vrele(vp);
	/* a trailing slash follows it too */
	vp = look(P("/lrel/"), NOFOLLOW);
	assert_ptr_equal(vp, sub);
	vrele(vp);
	assert_int_equal(lookerr(P("/lfile/"), FOLLOW), ENOTDIR);
	vp = look(P("/lroot"), FOLLOW);
	assert_ptr_equal(vp, rootvnode);
	vrele(vp);
	assert_int_equal(lookerr(P("/loop1"), FOLLOW), ELOOP);
	assert_int_equal(lookerr(P("/loop1/x"), 0), ELOOP);
	assert_int_equal(lookerr(P("/empty"), FOLLOW), ENOENT);
	vrele(sub);
}

static void
test_errors(void **state)
{
	char *longp;
	size_t i;

	assert_int_equal(lookerr("", 0), ENOENT);
	assert_int_equal(lookerr(P("/nonesuch"), 0), ENOENT);
	assert_int_equal(lookerr(P("/nonesuch/x"), 0), ENOENT);
	assert_int_equal(lookerr(P("/d/f/x"), 0), ENOTDIR);
	/* a component of NAME_MAX + 1 bytes */
	longp = kmem_alloc(MAXPATHLEN + 2, KM_SLEEP);
	assert_non_null(longp);
	snprintf(longp, MAXPATHLEN, "%s/", base);
	i = strlen(longp);
	memset(longp + i, 'x', NAME_MAX + 1);
	longp[i + NAME_MAX + 1] = '\0';
	assert_int_equal(lookerr(longp, 0), ENAMETOOLONG);
	longp[i + NAME_MAX] = '\0';
	assert_int_equal(lookerr(longp, 0), ENOENT);
	/* a path of MAXPATHLEN bytes (no room for the NUL) */
	for (i = 0; i < MAXPATHLEN; i += 2)
		memcpy(longp + i, "/.", 2);
	longp[MAXPATHLEN] = '\0';
	assert_int_equal(lookerr(longp, 0), ENAMETOOLONG);
	longp[MAXPATHLEN - 2] = '\0';
	assert_int_equal(lookerr(longp, 0), 0);
	kmem_free(longp, MAXPATHLEN + 2);
}

static void
test_create_delete_protocol(void **state)
{
	struct nameidata nd;
	struct vnode *d = look(P("/d"), 0);

	/* CREATE of a new name: no leaf, the parent locked exclusive */
	NDINIT(&nd, CREATE, LOCKPARENT, P("/d/newfile"));
	assert_int_equal(namei(&nd), 0);
	assert_null(nd.ni_vp);
	assert_ptr_equal(nd.ni_dvp, d);
	assert_int_equal(VOP_ISLOCKED(d), LK_EXCLUSIVE);
	assert_int_equal(nd.ni_cnd.cn_namelen, 7);
	assert_true(nd.ni_cnd.cn_flags & ISLASTCN);
	vput(nd.ni_dvp);
	namei_done(&nd);
	/* CREATE of an existing name: the leaf, referenced and unlocked */
	NDINIT(&nd, CREATE, LOCKPARENT, P("/d/f"));
	assert_int_equal(namei(&nd), 0);
	assert_non_null(nd.ni_vp);
	assert_int_equal(VOP_ISLOCKED(nd.ni_vp), 0);
	vput(nd.ni_dvp);
	vrele(nd.ni_vp);
	namei_done(&nd);
	/* DELETE with LOCKPARENT | LOCKLEAF: both locked */
	NDINIT(&nd, DELETE, LOCKPARENT | LOCKLEAF, P("/d/f"));
	assert_int_equal(namei(&nd), 0);
	assert_int_equal(VOP_ISLOCKED(nd.ni_dvp), LK_EXCLUSIVE);
	assert_int_equal(VOP_ISLOCKED(nd.ni_vp), LK_EXCLUSIVE);
	vput(nd.ni_vp);
	vput(nd.ni_dvp);
	namei_done(&nd);
	/* "." with LOCKPARENT: one vnode, unlocked without LOCKLEAF */
	NDINIT(&nd, DELETE, LOCKPARENT, P("/d/."));
	assert_int_equal(namei(&nd), 0);
	assert_ptr_equal(nd.ni_vp, nd.ni_dvp);
	assert_int_equal(VOP_ISLOCKED(d), 0);
	vrele(nd.ni_vp);
	vrele(nd.ni_dvp);
	namei_done(&nd);
	/* a missing name for DELETE */
	NDINIT(&nd, DELETE, LOCKPARENT, P("/d/nonesuch"));
	assert_int_equal(namei(&nd), ENOENT);
	namei_done(&nd);
	/* WANTPARENT: referenced, unlocked; trailing slash flagged */
	NDINIT(&nd, CREATE, WANTPARENT, P("/d/newdir/"));
	assert_int_equal(namei(&nd), 0);
	assert_null(nd.ni_vp);
	assert_int_equal(VOP_ISLOCKED(nd.ni_dvp), 0);
	assert_true(nd.ni_cnd.cn_flags & REQUIREDIR);
	vrele(nd.ni_dvp);
	namei_done(&nd);
	/* "/" names no entry to create */
	NDINIT(&nd, CREATE, LOCKPARENT, "/");
	assert_int_equal(namei(&nd), EISDIR);
	namei_done(&nd);
	assert_int_equal(d->v_usecount, 1);
	vrele(d);
}

static void
test_atdir(void **state)
{
	struct nameidata nd;
	struct vnode *d = look(P("/d"), 0), *sub = look(P("/d/sub"), 0);

	NDINIT(&nd, LOOKUP, 0, "sub");
	NDAT(&nd, d);
	assert_int_equal(namei(&nd), 0);
	assert_ptr_equal(nd.ni_vp, sub);
	vrele(nd.ni_vp);
	namei_done(&nd);
	NDINIT(&nd, LOOKUP, EMPTYPATH, "");
	NDAT(&nd, d);
	assert_int_equal(namei(&nd), 0);
	assert_ptr_equal(nd.ni_vp, d);
	vrele(nd.ni_vp);
	namei_done(&nd);
	vrele(sub);
	vrele(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dot_and_dotdot),
		cmocka_unit_test(test_dotdot_across_mounts),
		cmocka_unit_test(test_chroot),
		cmocka_unit_test(test_slashes),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_create_delete_protocol),
		cmocka_unit_test(test_atdir),
	};

	return cmocka_run_group_tests_name("namei", tests, setup, NULL);
}
