/*
 * rump_pub_etfs_*: register and remove keys.  A key's host file is opened
 * once at registration (block keys with RUMPUSER_OPEN_BIO, which takes the
 * host range lock, and the chosen backend) and closed at removal.
 */
#include <sys/kmem.h>
#include <sys/stat.h>
#include <sys/vnode.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rumpuser.h>

#include "../rump/fs/rumpfs/rumpfs_int.h"
#include "etfs_int.h"

static int
etfs_check(const char *hostpath, enum rump_etfs_type type, uint64_t begin,
    uint64_t *sizep, int *ftypep)
{
	uint64_t hsize, size = *sizep;
	int error;

	if ((error = rumpuser_getfileinfo(hostpath, &hsize, ftypep)) != 0)
		return error;
	if (type == RUMP_ETFS_DIR || type == RUMP_ETFS_DIR_SUBDIRS) {
		if (*ftypep != RUMPUSER_FT_DIR)
			return ENOTDIR;
		if (begin != 0 || size != RUMP_ETFS_SIZE_ENDOFF)
			return EISDIR;
		return 0;
	}
	if (*ftypep == RUMPUSER_FT_DIR)
		return EISDIR;
	if (begin > hsize)
		return EINVAL;
	if (size == RUMP_ETFS_SIZE_ENDOFF)
		size = hsize - begin;
	else if (size > hsize - begin)
		return EINVAL;
	*sizep = size;
	return 0;
}

int
etfs_openhost(struct etfs_dev *ed, int flags)
{
	int mode, error;

	mode = ed->ed_rdonly ? RUMPUSER_OPEN_RDONLY : RUMPUSER_OPEN_RDWR;
	if (ed->ed_type == RUMP_ETFS_BLK || ed->ed_type == RUMP_ETFS_CHR) {
		mode |= RUMPUSER_OPEN_BIO;
		if ((flags & RUMP_ETFS_BACKEND_MASK) ==
		    RUMP_ETFS_BACKEND_DIRECT)
			mode |= RUMPUSER_OPEN_DIRECT;
		else if ((flags & RUMP_ETFS_BACKEND_MASK) ==
		    RUMP_ETFS_BACKEND_MMAP)
			mode |= RUMPUSER_OPEN_MMAP;
	}
	error = rumpuser_open(ed->ed_hostpath, mode, &ed->ed_fd);
	/* an image we may not write is served read-only */
	if ((error == EACCES || error == EROFS || error == EPERM) &&
	    !ed->ed_rdonly) {
		ed->ed_rdonly = true;
		mode = (mode & ~RUMPUSER_OPEN_ACCMODE) | RUMPUSER_OPEN_RDONLY;
		error = rumpuser_open(ed->ed_hostpath, mode, &ed->ed_fd);
	}
	return error;
}

void
etfs_dev_free(struct etfs_dev *ed)
{

	if (ed->ed_fd >= 0)
		rumpuser_close(ed->ed_fd);
	etfs_dev_free_minor(ed);
	if (ed->ed_hostpath != NULL)
		kmem_strfree(ed->ed_hostpath);
	kmem_free(ed, sizeof(*ed));
}

static int
etfs_attach_node(const char *key, struct etfs_dev *ed)
{
	const struct rumpfs_etfs_ops *ops = NULL;
	enum vtype vt;
	mode_t mode;
	dev_t rdev = NODEV;

	switch (ed->ed_type) {
	case RUMP_ETFS_REG:
		vt = VREG;
		ops = &etfs_reg_ops;
		mode = ed->ed_rdonly ? 0444 : 0644;
		break;
	case RUMP_ETFS_BLK:
	case RUMP_ETFS_CHR:
		if (etfs_major < 0)
			return ENXIO;
		vt = ed->ed_type == RUMP_ETFS_BLK ? VBLK : VCHR;
		mode = ed->ed_rdonly ? 0440 : 0640;
		rdev = makedev(etfs_major, ed->ed_minor);
		break;
	default:
		vt = VDIR;
		ops = &etfs_dir_ops;
		mode = 0755;
		break;
	}
	return rumpfs_etfs_attach(key, ops, ed, vt, mode, rdev,
	    (off_t)ed->ed_size, NULL);
}

static int
etfs_register(const char *key, const char *hostpath,
    enum rump_etfs_type type, uint64_t begin, uint64_t size, int flags)
{
	struct etfs_dev *ed;
	bool toend = size == RUMP_ETFS_SIZE_ENDOFF;
	int ftype, error;

	if (key == NULL || hostpath == NULL || (int)type < RUMP_ETFS_REG ||
	    type > RUMP_ETFS_DIR_SUBDIRS ||
	    (flags & ~(RUMP_ETFS_BACKEND_MASK | RUMP_ETFS_RDONLY)) != 0 ||
	    (flags & RUMP_ETFS_BACKEND_MASK) == RUMP_ETFS_BACKEND_MASK)
		return EINVAL;
	if ((error = etfs_check(hostpath, type, begin, &size, &ftype)) != 0)
		return error;
	if ((ed = kmem_zalloc(sizeof(*ed), KM_SLEEP)) == NULL)
		return ENOMEM;
	ed->ed_fd = -1;
	ed->ed_minor = -1;
	ed->ed_type = type;
	ed->ed_begin = begin;
	ed->ed_size = size;
	ed->ed_rdonly = (flags & RUMP_ETFS_RDONLY) != 0;
	ed->ed_grow = type == RUMP_ETFS_REG && ftype == RUMPUSER_FT_REG &&
	    toend;
	if ((ed->ed_hostpath = kmem_strdup(hostpath, KM_SLEEP)) == NULL) {
		error = ENOMEM;
		goto fail;
	}
	if ((type == RUMP_ETFS_BLK || type == RUMP_ETFS_CHR) &&
	    (error = etfs_dev_alloc_minor(ed)) != 0)
		goto fail;
	if (type != RUMP_ETFS_DIR && type != RUMP_ETFS_DIR_SUBDIRS &&
	    (error = etfs_openhost(ed, flags)) != 0)
		goto fail;
	if ((error = etfs_attach_node(key, ed)) != 0)
		goto fail;
	return 0;
fail:
	etfs_dev_free(ed);
	return error;
}

static int
etfs_remove(const char *key)
{
	struct etfs_dev *ed;
	void *cookie;
	int error;

	if (key == NULL)
		return EINVAL;
	if ((error = rumpfs_etfs_busy(key, &cookie)) != 0)
		return error;
	ed = cookie;
	mutex_enter(&etfs_lock);
	if (ed->ed_opens > 0)
		error = EBUSY;
	else
		ed->ed_dying = true;	/* no new opens from here on */
	mutex_exit(&etfs_lock);
	if (error != 0)
		return error;
	if ((error = rumpfs_etfs_detach(key, &cookie)) != 0) {
		mutex_enter(&etfs_lock);
		ed->ed_dying = false;
		mutex_exit(&etfs_lock);
		return error;
	}
	etfs_dev_free(ed);
	return 0;
}

int
rump_pub_etfs_register_opts(const char *key, const char *hostpath,
    enum rump_etfs_type type, uint64_t begin, uint64_t size, int flags)
{
	int error;

	rump_schedule();
	error = etfs_register(key, hostpath, type, begin, size, flags);
	rump_unschedule();
	return error;
}

int
rump_pub_etfs_register_withsize(const char *key, const char *hostpath,
    enum rump_etfs_type type, uint64_t begin, uint64_t size)
{

	return rump_pub_etfs_register_opts(key, hostpath, type, begin, size,
	    0);
}

int
rump_pub_etfs_register(const char *key, const char *hostpath,
    enum rump_etfs_type type)
{

	return rump_pub_etfs_register_opts(key, hostpath, type, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0);
}

int
rump_pub_etfs_remove(const char *key)
{
	int error;

	rump_schedule();
	error = etfs_remove(key);
	rump_unschedule();
	return error;
}
