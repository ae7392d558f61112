/*
 * The name cache: positive and negative entries, what CREATE, DELETE and
 * a missing MAKEENTRY do to them, purges by vnode, name and mount, the
 * bound, and reclaim purging a vnode's names.
 */
#include <sys/types.h>
#include <sys/namei.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <cmocka.h>

static struct mount *mp;
static struct vnode *dvp, *vp, *vp2;

static struct vnode *
get(uint64_t ino)
{
	struct vnode *v;

	assert_int_equal(vcache_get(mp, &ino, sizeof(ino), &v), 0);
	return v;
}

static int
setup(void **state)
{
	uint64_t a, b;

	tfs_boot();
	mp = tfs_mount(tfs_newdir());
	assert_non_null(mp);
	a = tfs_mknode(mp, TFS_ROOTINO, "a", VREG, 0644, NULL);
	b = tfs_mknode(mp, TFS_ROOTINO, "b", VREG, 0644, NULL);
	dvp = get(TFS_ROOTINO);
	vp = get(a);
	vp2 = get(b);
	return 0;
}

static int
teardown(void **state)
{

	vrele(vp);
	vrele(vp2);
	vrele(dvp);
	assert_int_equal(tfs_unmount(mp, 0), 0);
	return 0;
}

static bool
lookup(const char *name, uint32_t op, uint32_t flags, struct vnode **vpp)
{

	return cache_lookup(dvp, name, strlen(name), op, flags, NULL, vpp);
}

static void
test_positive(void **state)
{
	struct vnode *r;

	assert_false(lookup("a", LOOKUP, MAKEENTRY, &r));
	cache_enter(dvp, vp, "a", 1, MAKEENTRY);
	assert_true(lookup("a", LOOKUP, MAKEENTRY, &r));
	assert_ptr_equal(r, vp);
	assert_int_equal(vp->v_usecount, 2);	/* a new reference */
	vrele(r);
	/* other names and directories miss */
	assert_false(lookup("ab", LOOKUP, MAKEENTRY, &r));
	assert_false(cache_lookup(vp2, "a", 1, LOOKUP, MAKEENTRY, NULL, &r));
	/* DELETE of the last component needs the fs: a miss, entry kept */
	assert_false(lookup("a", DELETE, MAKEENTRY | ISLASTCN, &r));
	assert_true(lookup("a", LOOKUP, MAKEENTRY, &r));
	vrele(r);
	/* without MAKEENTRY the entry goes */
	assert_false(lookup("a", LOOKUP, 0, &r));
	assert_false(lookup("a", LOOKUP, MAKEENTRY, &r));
	/* entering again replaces */
	cache_enter(dvp, vp, "a", 1, MAKEENTRY);
	cache_enter(dvp, vp2, "a", 1, MAKEENTRY);
	assert_true(lookup("a", LOOKUP, MAKEENTRY, &r));
	assert_ptr_equal(r, vp2);
	vrele(r);
	cache_purge_name(dvp, "a", 1);
	assert_false(lookup("a", LOOKUP, MAKEENTRY, &r));
	/* no MAKEENTRY on enter: nothing cached */
	cache_enter(dvp, vp, "z", 1, 0);
	assert_false(lookup("z", LOOKUP, MAKEENTRY, &r));
}

static void
test_negative(void **state)
{
	struct vnode *r = vp;

	cache_enter(dvp, NULL, "nope", 4, MAKEENTRY);
	assert_true(lookup("nope", LOOKUP, MAKEENTRY, &r));
	assert_null(r);
	assert_true(lookup("nope", LOOKUP, MAKEENTRY | ISLASTCN, &r));
	assert_null(r);
	/* about to be created: the fs must look, the entry goes */
	assert_false(lookup("nope", CREATE, MAKEENTRY | ISLASTCN, &r));
	assert_false(lookup("nope", LOOKUP, MAKEENTRY, &r));
}

static void
test_purge(void **state)
{
	struct vnode *r;

	cache_enter(dvp, vp, "a", 1, MAKEENTRY);
	cache_enter(dvp, vp2, "b", 1, MAKEENTRY);
	cache_enter(vp, NULL, "in-a", 4, MAKEENTRY);
	cache_purge(vp);	/* its name and the names in it */
	assert_false(lookup("a", LOOKUP, MAKEENTRY, &r));
	assert_false(cache_lookup(vp, "in-a", 4, LOOKUP, MAKEENTRY, NULL,
	    &r));
	assert_true(lookup("b", LOOKUP, MAKEENTRY, &r));
	vrele(r);
	cache_enter(dvp, NULL, "neg", 3, MAKEENTRY);
	cache_purgevfs(mp);
	assert_false(lookup("b", LOOKUP, MAKEENTRY, &r));
	assert_false(lookup("neg", LOOKUP, MAKEENTRY, &r));
}

static void
test_reclaim_purges(void **state)
{
	struct tfs_mount *tm = tfs_data(mp);
	uint64_t c = tfs_mknode(mp, TFS_ROOTINO, "c", VREG, 0644, NULL);
	struct vnode *cv = get(c), *r;

	cache_enter(dvp, cv, "c", 1, MAKEENTRY);
	tm->tm_recycle = true;
	vrele(cv);		/* reclaimed at once */
	tm->tm_recycle = false;
	assert_false(lookup("c", LOOKUP, MAKEENTRY, &r));
}

static void
test_bounded(void **state)
{
	struct vnode *r;
	char name[8];
	int i;

	cache_setmax(16);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		cache_enter(dvp, NULL, name, strlen(name), MAKEENTRY);
	}
	assert_true(cache_count() <= 16);
	/* the newest stay, the oldest went */
	assert_true(lookup("n39", LOOKUP, MAKEENTRY, &r));
	assert_false(lookup("n0", LOOKUP, MAKEENTRY, &r));
	cache_setmax(16384);
	cache_purgevfs(mp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positive),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_reclaim_purges),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests_name("namecache", tests, setup,
	    teardown);
}
