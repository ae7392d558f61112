/*
 * The vnode cache: identity, inactive on last use, LRU recycling beyond
 * the bound, vgone and the dead ops, concurrent loads of one key,
 * recycling on request, vflush at unmount.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/kthread.h>
#include <sys/lwp.h>
#include <sys/time.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

/* main() sets RUMP_NVNODES to this before the kernel boots */
#define NVNODES_SET	8191
#define NVNODES_STR	"8191"

static struct mount *
newmount(void)
{
	struct mount *mp;

	tfs_boot();
	mp = tfs_mount(tfs_newdir());
	assert_non_null(mp);
	return mp;
}

static struct vnode *
get(struct mount *mp, uint64_t ino)
{
	struct vnode *vp;

	assert_int_equal(vcache_get(mp, &ino, sizeof(ino), &vp), 0);
	assert_non_null(vp);
	return vp;
}

static void
test_same_key_same_vnode(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino = tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644, NULL);
	struct vnode *a, *b;
	unsigned int loads = tm->tm_loads;

	a = get(mp, ino);
	b = get(mp, ino);
	assert_ptr_equal(a, b);
	assert_int_equal(tm->tm_loads, loads + 1);
	assert_int_equal(a->v_usecount, 2);
	assert_int_equal(a->v_type, VREG);
	vrele(a);
	vrele(b);
	/* a key no file has */
	ino = 99;
	assert_int_equal(vcache_get(mp, &ino, sizeof(ino), &a), ENOENT);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

static void
test_inactive_on_last_rele(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino = tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644, NULL);
	struct vnode *vp = get(mp, ino);
	unsigned int loads, inact = tm->tm_inactives;

	vref(vp);
	vrele(vp);
	assert_int_equal(tm->tm_inactives, inact);
	vrele(vp);
	assert_int_equal(tm->tm_inactives, inact + 1);
	/* still cached: no new load, no reclaim */
	loads = tm->tm_loads;
	assert_ptr_equal(get(mp, ino), vp);
	assert_int_equal(tm->tm_loads, loads);
	assert_int_equal(tm->tm_reclaims, 0);
	assert_int_equal(vn_lock(vp, LK_EXCLUSIVE), 0);
	assert_true(vn_islocked_excl(vp));
	vput(vp);
	assert_int_equal(tm->tm_inactives, inact + 2);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

static void
test_lru_recycling(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino[8];
	unsigned int base, loads;
	char name[4] = "f0";
	int i;

	for (i = 0; i < 8; i++) {
		name[1] = (char)('0' + i);
		ino[i] = tfs_mknode(mp, TFS_ROOTINO, name, VREG, 0644, NULL);
		assert_int_not_equal(ino[i], 0);
	}
	/* evict every unused vnode: the LRU list then holds only ours */
	vcache_setmax(0);
	base = vcache_count();
	vcache_setmax(base + 3);
	for (i = 0; i < 8; i++)
		vrele(get(mp, ino[i]));
	assert_true(vcache_count() <= base + 3);
	assert_true(tm->tm_reclaims >= 5);
	/* least recently used went first: the newest is still cached */
	loads = tm->tm_loads;
	vrele(get(mp, ino[7]));
	assert_int_equal(tm->tm_loads, loads);
	vrele(get(mp, ino[0]));
	assert_int_equal(tm->tm_loads, loads + 1);
	vcache_setmax(8192);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

static void
test_vgone_dead_ops(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino = tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644, NULL);
	struct vnode *vp = get(mp, ino), *nvp;
	struct vattr va;

	vref(vp);
	assert_int_equal(vn_lock(vp, LK_EXCLUSIVE), 0);
	vgone(vp);		/* consumes the lock and one use */
	assert_int_equal(tm->tm_reclaims, 1);
	assert_int_equal(vp->v_usecount, 1);
	assert_int_equal(vp->v_state, VS_RECLAIMED);
	assert_null(vp->v_mount);
	assert_ptr_equal(vp->v_op, &dead_vnodeops);
	assert_int_equal(vn_lock(vp, LK_SHARED), ENOENT);
	assert_int_equal(vn_lock(vp, LK_SHARED | LK_RETRY), 0);
	assert_int_equal(VOP_GETATTR(vp, &va, NOCRED), EBADF);
	VOP_UNLOCK(vp);
	/* the file itself is still there: a fresh vnode */
	nvp = get(mp, ino);
	assert_ptr_not_equal(nvp, vp);
	assert_ptr_equal(nvp->v_mount, mp);
	vrele(nvp);
	vrele(vp);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

struct getter {
	struct mount *mp;
	uint64_t ino;
	struct vnode *vp;
	int error;
};

static void
getter_thread(void *arg)
{
	struct getter *g = arg;

	g->error = vcache_get(g->mp, &g->ino, sizeof(g->ino), &g->vp);
	kthread_exit(0);
}

static void
test_concurrent_get_loads_once(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino = tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644, NULL);
	struct getter g[4];
	struct lwp *l[4];
	unsigned int loads = tm->tm_loads;
	int i;

	tm->tm_loaddelay_ms = 50;
	for (i = 0; i < 4; i++) {
		g[i].mp = mp;
		g[i].ino = ino;
		g[i].vp = NULL;
		g[i].error = -1;
		assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN,
		    NULL, getter_thread, &g[i], &l[i], "getter%d", i), 0);
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(kthread_join(l[i]), 0);
	tm->tm_loaddelay_ms = 0;
	assert_int_equal(tm->tm_loads, loads + 1);
	for (i = 0; i < 4; i++) {
		assert_int_equal(g[i].error, 0);
		assert_ptr_equal(g[i].vp, g[0].vp);
	}
	assert_int_equal(g[0].vp->v_usecount, 4);
	for (i = 0; i < 4; i++)
		vrele(g[i].vp);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

static void
test_recycle_on_inactive(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino = tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644, NULL);
	struct vnode *vp;
	unsigned int n, inact;

	tm->tm_recycle = true;
	vrele(get(mp, ino));
	assert_int_equal(tm->tm_reclaims, 1);
	tm->tm_recycle = false;
	/* vrecycle_hint asks the same of a file system's own accord */
	vp = get(mp, ino);
	vrecycle_hint(vp);
	vrele(vp);
	assert_int_equal(tm->tm_reclaims, 2);
	/* vrele_async gets there too, later */
	inact = tm->tm_inactives;
	vrele_async(get(mp, ino));
	for (n = 0; n < 500 && tm->tm_inactives == inact; n++)
		kpause("wait", false, 1, NULL);
	assert_int_equal(tm->tm_inactives, inact + 1);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

static void
test_unmount_busy_and_forced(void **state)
{
	struct mount *mp = newmount();
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t ino = tfs_mknode(mp, TFS_ROOTINO, "f", VREG, 0644, NULL);
	struct vnode *vp = get(mp, ino);

	assert_int_equal(tfs_unmount(mp, 0), EBUSY);
	assert_int_equal(vp->v_state, VS_ACTIVE);
	assert_int_equal(tfs_unmount(mp, MNT_FORCE), 0);
	/* revoked: still a valid pointer, dead */
	assert_int_equal(vp->v_state, VS_RECLAIMED);
	assert_ptr_equal(vp->v_op, &dead_vnodeops);
	(void)tm;
	vrele(vp);
}

static int
count_cb(struct vnode *vp, void *arg)
{

	(*(int *)arg)++;
	return 0;
}

static void
test_iterate(void **state)
{
	struct mount *mp = newmount();
	uint64_t a = tfs_mknode(mp, TFS_ROOTINO, "a", VREG, 0644, NULL);
	uint64_t b = tfs_mknode(mp, TFS_ROOTINO, "b", VREG, 0644, NULL);
	int n = 0;

	vrele(get(mp, a));
	vrele(get(mp, b));
	assert_int_equal(vfs_vnode_iterate(mp, count_cb, &n), 0);
	assert_true(n >= 2);
	assert_int_equal(tfs_unmount(mp, 0), 0);
}

/* the bound comes from RUMP_NVNODES (first: the LRU test resets it) */
static void
test_nvnodes_param(void **state)
{
	tfs_boot();
	assert_int_equal(vcache_getmax(), NVNODES_SET);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nvnodes_param),
		cmocka_unit_test(test_same_key_same_vnode),
		cmocka_unit_test(test_inactive_on_last_rele),
		cmocka_unit_test(test_lru_recycling),
		cmocka_unit_test(test_vgone_dead_ops),
		cmocka_unit_test(test_concurrent_get_loads_once),
		cmocka_unit_test(test_recycle_on_inactive),
		cmocka_unit_test(test_unmount_busy_and_forced),
		cmocka_unit_test(test_iterate),
	};

	setenv("RUMP_NVNODES", NVNODES_STR, 1);
	return cmocka_run_group_tests_name("vcache", tests, NULL, NULL);
}
