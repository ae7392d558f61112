/*
 * etfs keys in the root rumpfs.  A key such as "/a/b/name" is a node
 * under (directory /a/b, "name") without a directory entry: lookup finds
 * it before the directory's own entries, readdir never shows it, and the
 * file system refuses to remove or rename it.  Missing directories on the
 * way are created.  The table is protected by the root's rm_dirlock.
 */
#include "rumpfs_int.h"

static LIST_HEAD(, rumpfs_etfs) etfs_keys = LIST_HEAD_INITIALIZER(etfs_keys);
static unsigned int etfs_nkeys;

struct rumpfs_node *
rumpfs_etfs_lookup(struct rumpfs_node *dir, const char *name, size_t len)
{
	struct rumpfs_etfs *re;

	if (etfs_nkeys == 0)
		return NULL;
	LIST_FOREACH(re, &etfs_keys, re_list) {
		if (re->re_dirino == dir->rn_ino && re->re_namelen == len &&
		    memcmp(re->re_name, name, len) == 0)
			return re->re_node;
	}
	return NULL;
}

static struct rumpfs_etfs *
etfs_find(struct rumpfs_node *dir, const char *name, size_t len)
{
	struct rumpfs_node *rn = rumpfs_etfs_lookup(dir, name, len);

	return rn != NULL ? rn->rn_etfs : NULL;
}

static int
etfs_mkdir(struct rumpfs_node *dir, const char *name, size_t len,
    struct rumpfs_node **rnp)
{
	struct rumpfs_node *rn;
	int error;

	error = rumpfs_node_alloc(dir->rn_rmp, VDIR, 0755, 0, 0, NODEV, &rn);
	if (error != 0)
		return error;
	if ((error = rumpfs_dir_add(dir, name, len, rn)) != 0) {
		rumpfs_node_free(rn);
		return error;
	}
	rn->rn_nlink = 2;
	dir->rn_nlink++;
	*rnp = rn;
	return 0;
}

/*
 * Walk key to the directory of its last component (creating directories
 * if create); *namep and *lenp: the last component.  Root's rm_dirlock held.
 */
static int
etfs_walk(const char *key, bool create, struct rumpfs_node **dirp,
    const char **namep, size_t *lenp)
{
	struct rumpfs_node *dir = rumpfs_rootrm->rm_root, *next;
	struct rumpfs_dirent *de;
	const char *p = key, *slash;
	size_t len;
	int error;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			return EINVAL;
		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (len > MAXNAMLEN)
			return ENAMETOOLONG;
		if ((len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return EINVAL;
		if (slash == NULL)
			break;
		if (slash[1] == '\0')
			return EINVAL;	/* trailing slash */
		if ((de = rumpfs_dir_lookup(dir, p, len)) != NULL) {
			next = de->de_node;
			if (next->rn_type != VDIR)
				return ENOTDIR;
		} else if (!create) {
			return ENOENT;
		} else if ((error = etfs_mkdir(dir, p, len, &next)) != 0) {
			return error;
		}
		dir = next;
		p = slash;
	}
	*dirp = dir;
	*namep = p;
	*lenp = len;
	return 0;
}

/* hang a new node under (dir, name); root's rm_dirlock held as writer */
static int
etfs_hang(struct rumpfs_node *dir, const char *name, size_t len,
    const struct rumpfs_etfs_ops *ops, void *cookie, enum vtype type,
    mode_t mode, dev_t rdev, off_t size, struct rumpfs_node **rnp)
{
	struct rumpfs_etfs *re;
	struct rumpfs_node *rn;
	int error;

	if (etfs_find(dir, name, len) != NULL)
		return EEXIST;
	if ((re = kmem_zalloc(sizeof(*re) + len + 1, KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = rumpfs_node_alloc(dir->rn_rmp, type, mode, 0, 0, rdev,
	    &rn)) != 0) {
		kmem_free(re, sizeof(*re) + len + 1);
		return error;
	}
	rn->rn_nlink = type == VDIR ? 2 : 1;
	rn->rn_size = size;
	rn->rn_etfs = re;
	rn->rn_parent = type == VDIR ? dir : NULL;
	re->re_ops = ops;
	re->re_cookie = cookie;
	re->re_dirino = dir->rn_ino;
	re->re_node = rn;
	re->re_namelen = len;
	memcpy(re->re_name, name, len);
	LIST_INSERT_HEAD(&etfs_keys, re, re_list);
	etfs_nkeys++;
	if (rnp != NULL)
		*rnp = rn;
	return 0;
}

int
rumpfs_etfs_attach(const char *key, const struct rumpfs_etfs_ops *ops,
    void *cookie, enum vtype type, mode_t mode, dev_t rdev, off_t size,
    struct rumpfs_node **rnp)
{
	struct rumpfs_mount *rm = rumpfs_rootrm;
	struct rumpfs_node *dir;
	const char *name;
	size_t len;
	int error;

	if (rm == NULL)
		return ENXIO;		/* no root file system yet */
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	error = etfs_walk(key, true, &dir, &name, &len);
	if (error == 0)
		error = etfs_hang(dir, name, len, ops, cookie, type, mode,
		    rdev, size, rnp);
	rw_exit(&rm->rm_dirlock);
	return error;
}

/* a child of an etfs directory, found on the host by eo_lookup */
int
rumpfs_etfs_attach_child(struct rumpfs_node *dir, const char *name,
    size_t len, const struct rumpfs_etfs_ops *ops, void *cookie,
    enum vtype type, mode_t mode, off_t size)
{
	struct rumpfs_mount *rm = dir->rn_rmp;
	int error;

	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if (dir->rn_etfs == NULL)
		error = ENOENT;		/* its key went meanwhile */
	else
		error = etfs_hang(dir, name, len, ops, cookie, type, mode,
		    NODEV, size, NULL);
	rw_exit(&rm->rm_dirlock);
	return error;
}

/* is anything at or below rn open? */
static bool
etfs_tree_busy(struct rumpfs_node *rn)
{
	struct rumpfs_etfs *re;

	if (rn->rn_opencnt != 0)
		return true;
	if (rn->rn_type != VDIR)
		return false;
	LIST_FOREACH(re, &etfs_keys, re_list)
		if (re->re_dirino == rn->rn_ino && etfs_tree_busy(re->re_node))
			return true;
	return false;
}

/* unhang re and everything below it; the top cookie is the caller's */
static void
etfs_unhang(struct rumpfs_etfs *re, bool top)
{
	struct rumpfs_mount *rm = rumpfs_rootrm;
	struct rumpfs_node *rn = re->re_node;
	struct rumpfs_etfs *c, *next;
	bool gone;

	if (rn->rn_type == VDIR) {
		for (c = LIST_FIRST(&etfs_keys); c != NULL; c = next) {
			next = LIST_NEXT(c, re_list);
			if (c->re_dirino != rn->rn_ino)
				continue;
			etfs_unhang(c, false);
			next = LIST_FIRST(&etfs_keys);	/* list changed */
		}
	}
	LIST_REMOVE(re, re_list);
	etfs_nkeys--;
	if (!top && re->re_ops != NULL && re->re_ops->eo_release != NULL)
		re->re_ops->eo_release(re->re_cookie);
	mutex_enter(&rm->rm_nodelock);
	rn->rn_etfs = NULL;
	rn->rn_nlink = 0;
	gone = rn->rn_vp == NULL;
	mutex_exit(&rm->rm_nodelock);
	kmem_free(re, sizeof(*re) + re->re_namelen + 1);
	/* a cached vnode keeps the node until reclaim */
	if (gone)
		rumpfs_node_free(rn);
}

static int
etfs_get(const char *key, struct rumpfs_etfs **rep)
{
	struct rumpfs_node *dir;
	const char *name;
	size_t len;
	int error;

	if ((error = etfs_walk(key, false, &dir, &name, &len)) != 0)
		return error == EINVAL || error == ENAMETOOLONG ? error :
		    ENOENT;
	if ((*rep = etfs_find(dir, name, len)) == NULL)
		return ENOENT;
	if (etfs_tree_busy((*rep)->re_node))
		return EBUSY;
	return 0;
}

/* the cookie of key, or ENOENT / EBUSY (open through the file system) */
int
rumpfs_etfs_busy(const char *key, void **cookiep)
{
	struct rumpfs_mount *rm = rumpfs_rootrm;
	struct rumpfs_etfs *re;
	int error;

	if (rm == NULL)
		return ENOENT;
	rw_enter(&rm->rm_dirlock, RW_READER);
	if ((error = etfs_get(key, &re)) == 0)
		*cookiep = re->re_cookie;
	rw_exit(&rm->rm_dirlock);
	return error;
}

int
rumpfs_etfs_detach(const char *key, void **cookiep)
{
	struct rumpfs_mount *rm = rumpfs_rootrm;
	struct rumpfs_etfs *re;
	int error;

	if (rm == NULL)
		return ENOENT;
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if ((error = etfs_get(key, &re)) == 0) {
		if (cookiep != NULL)
			*cookiep = re->re_cookie;
		etfs_unhang(re, true);
	}
	rw_exit(&rm->rm_dirlock);
	return error;
}
