/*
 * Directories: entries on a list in cookie order (readdir) and in a
 * per-mount hash by (directory, name) (lookup).  Cookies are assigned
 * increasing and never reused in a directory, so a readdir resumed at any
 * cookie is stable across creations and removals.
 */
#include <sys/dirent.h>

#include "rumpfs_int.h"

static uint32_t
namehash(const struct rumpfs_node *dir, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)dir->rn_ino;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

int
rumpfs_dirtab_init(struct rumpfs_mount *rm)
{
	size_t i;

	rm->rm_dirhashsz = 64;
	rm->rm_dirhash = kmem_alloc(rm->rm_dirhashsz *
	    sizeof(*rm->rm_dirhash), KM_SLEEP);
	if (rm->rm_dirhash == NULL)
		return ENOMEM;
	for (i = 0; i < rm->rm_dirhashsz; i++)
		LIST_INIT(&rm->rm_dirhash[i]);
	return 0;
}

void
rumpfs_dirtab_fini(struct rumpfs_mount *rm)
{

	kmem_free(rm->rm_dirhash, rm->rm_dirhashsz * sizeof(*rm->rm_dirhash));
	rm->rm_dirhash = NULL;
}

static void
dirtab_grow(struct rumpfs_mount *rm)
{
	struct rumpfs_dirhead *nh;
	struct rumpfs_dirent *de;
	size_t nsz = rm->rm_dirhashsz * 2, i;

	if ((nh = kmem_alloc(nsz * sizeof(*nh), KM_NOSLEEP)) == NULL)
		return;
	for (i = 0; i < nsz; i++)
		LIST_INIT(&nh[i]);
	for (i = 0; i < rm->rm_dirhashsz; i++) {
		while ((de = LIST_FIRST(&rm->rm_dirhash[i])) != NULL) {
			LIST_REMOVE(de, de_hash);
			LIST_INSERT_HEAD(&nh[de->de_hashval & (nsz - 1)], de,
			    de_hash);
		}
	}
	kmem_free(rm->rm_dirhash, rm->rm_dirhashsz * sizeof(*nh));
	rm->rm_dirhash = nh;
	rm->rm_dirhashsz = nsz;
}

struct rumpfs_dirent *
rumpfs_dir_lookup(struct rumpfs_node *dir, const char *name, size_t len)
{
	struct rumpfs_mount *rm = dir->rn_rmp;
	struct rumpfs_dirent *de;
	uint32_t h = namehash(dir, name, len);

	LIST_FOREACH(de, &rm->rm_dirhash[h & (rm->rm_dirhashsz - 1)],
	    de_hash) {
		if (de->de_hashval == h && de->de_dir == dir &&
		    de->de_namelen == len && memcmp(de->de_name, name, len) == 0)
			return de;
	}
	return NULL;
}

/* link counts are the caller's business */
int
rumpfs_dir_add(struct rumpfs_node *dir, const char *name, size_t len,
    struct rumpfs_node *rn)
{
	struct rumpfs_mount *rm = dir->rn_rmp;
	struct rumpfs_dirent *de;
	size_t sz = sizeof(*de) + len + 1;
	int error;

	KASSERT(len > 0 && len <= MAXNAMLEN);
	if ((error = rumpfs_charge(rm, sz)) != 0)
		return error;
	if ((de = kmem_alloc(sz, KM_SLEEP)) == NULL) {
		rumpfs_uncharge(rm, sz);
		return ENOMEM;
	}
	memcpy(de->de_name, name, len);
	de->de_name[len] = '\0';
	de->de_namelen = (uint16_t)len;
	de->de_dir = dir;
	de->de_node = rn;
	de->de_cookie = dir->rn_nextcookie++;
	de->de_hashval = namehash(dir, name, len);
	if (rm->rm_ndirents >= 2 * rm->rm_dirhashsz)
		dirtab_grow(rm);
	LIST_INSERT_HEAD(&rm->rm_dirhash[de->de_hashval &
	    (rm->rm_dirhashsz - 1)], de, de_hash);
	TAILQ_INSERT_TAIL(&dir->rn_entries, de, de_list);
	rm->rm_ndirents++;
	dir->rn_nentries++;
	if (rn->rn_type == VDIR)
		rn->rn_parent = dir;
	return 0;
}

void
rumpfs_dir_remove(struct rumpfs_dirent *de)
{
	struct rumpfs_node *dir = de->de_dir;
	struct rumpfs_mount *rm = dir->rn_rmp;
	size_t sz = sizeof(*de) + de->de_namelen + 1;

	if (dir->rn_dirhint == de)
		dir->rn_dirhint = NULL;
	LIST_REMOVE(de, de_hash);
	TAILQ_REMOVE(&dir->rn_entries, de, de_list);
	rm->rm_ndirents--;
	dir->rn_nentries--;
	kmem_free(de, sz);
	rumpfs_uncharge(rm, sz);
}

/* the first entry with a cookie >= c: from the hint when it matches */
static struct rumpfs_dirent *
readdir_seek(struct rumpfs_node *dir, uint64_t c)
{
	struct rumpfs_dirent *de = dir->rn_dirhint;

	if (de == NULL || de->de_cookie > c)
		de = TAILQ_FIRST(&dir->rn_entries);
	while (de != NULL && de->de_cookie < c)
		de = TAILQ_NEXT(de, de_list);
	return de;
}

int
rumpfs_readdir(struct vop_readdir_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *dir = VTORN(vp), *parent;
	struct rumpfs_mount *rm = VTORM(vp);
	struct rumpfs_dirent *de;
	struct uio *uio = ap->a_uio;
	int error = 0, n = 0;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (dir->rn_etfs != NULL && dir->rn_etfs->re_ops != NULL &&
	    dir->rn_etfs->re_ops->eo_readdir != NULL)
		return dir->rn_etfs->re_ops->eo_readdir(
		    dir->rn_etfs->re_cookie, uio, ap->a_eofflag);
	rw_enter(&rm->rm_dirlock, RW_READER);
	if (uio->uio_offset == 0) {
		error = genfs_dirent_emit(uio, dir->rn_ino, ".", 1, DT_DIR,
		    1);
		if (error == 0) {
			uio->uio_offset = 1;
			n++;
		}
	}
	if (error == 0 && uio->uio_offset == 1) {
		parent = dir->rn_parent != NULL ? dir->rn_parent : dir;
		error = genfs_dirent_emit(uio, parent->rn_ino, "..", 2,
		    DT_DIR, 2);
		if (error == 0) {
			uio->uio_offset = 2;
			n++;
		}
	}
	de = error == 0 ? readdir_seek(dir, (uint64_t)uio->uio_offset) : NULL;
	for (; de != NULL; de = TAILQ_NEXT(de, de_list)) {
		error = genfs_dirent_emit(uio, de->de_node->rn_ino, de->de_name,
		    de->de_namelen, IFTODT(VTTOIF(de->de_node->rn_type)),
		    (off_t)de->de_cookie + 1);
		if (error != 0)
			break;
		uio->uio_offset = (off_t)de->de_cookie + 1;
		n++;
	}
	/* remember where to go on: the next call starts at de */
	dir->rn_dirhint = de;
	if (ap->a_eofflag != NULL)
		*ap->a_eofflag = de == NULL && error == 0;
	rw_exit(&rm->rm_dirlock);
	return genfs_dirent_end(error, n);
}
