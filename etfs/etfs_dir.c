/*
 * DIR and DIR_SUBDIRS keys: a host directory seen inside rumpfs.  A name
 * looked up in it becomes an etfs node on first use: a regular file (a
 * growing REG key of its own), or for DIR_SUBDIRS a directory of the same
 * kind.  Only regular files and (DIR_SUBDIRS) directories are visible;
 * readdir lists the host directory with cookies that count its visible
 * entries.
 */
#include <sys/dirent.h>
#include <sys/genfs.h>
#include <sys/kmem.h>
#include <sys/vnode.h>

#include <rump/rump_etfs.h>
#include <rump/rumpuser.h>

#include "../rump/fs/rumpfs/rumpfs_int.h"
#include "etfs_int.h"

#define DIRBUF	4096

static bool
etfs_dir_visible(const struct etfs_dev *ed, int ftype)
{

	return ftype == RUMPUSER_FT_REG || (ftype == RUMPUSER_FT_DIR &&
	    ed->ed_type == RUMP_ETFS_DIR_SUBDIRS);
}

/* a device structure for a child: REG (opened) or directory */
static int
etfs_child(struct etfs_dev *parent, const char *path, int ftype,
    uint64_t size, struct etfs_dev **edp)
{
	struct etfs_dev *ed;
	int error;

	if ((ed = kmem_zalloc(sizeof(*ed), KM_SLEEP)) == NULL)
		return ENOMEM;
	ed->ed_fd = -1;
	ed->ed_minor = -1;
	ed->ed_size = size;
	if ((ed->ed_hostpath = kmem_strdup(path, KM_SLEEP)) == NULL) {
		etfs_dev_free(ed);
		return ENOMEM;
	}
	if (ftype == RUMPUSER_FT_DIR) {
		ed->ed_type = RUMP_ETFS_DIR_SUBDIRS;
	} else {
		ed->ed_type = RUMP_ETFS_REG;
		ed->ed_grow = true;
		ed->ed_rdonly = parent->ed_rdonly;
		if ((error = etfs_openhost(ed, 0)) != 0) {
			etfs_dev_free(ed);
			return error;
		}
	}
	*edp = ed;
	return 0;
}

static int
etfs_dir_lookup(void *cookie, struct rumpfs_node *dir, const char *name,
    size_t len)
{
	struct etfs_dev *ed = cookie, *child;
	struct rumpuser_fileattr fa;
	uint64_t size;
	size_t plen = strlen(ed->ed_hostpath);
	char *path;
	int ftype, error;

	if (memchr(name, '/', len) != NULL || memchr(name, '\0', len) != NULL)
		return ENOENT;
	if (plen + 1 + len + 1 > MAXPATHLEN)
		return ENAMETOOLONG;
	if ((path = kmem_alloc(plen + len + 2, KM_SLEEP)) == NULL)
		return ENOMEM;
	memcpy(path, ed->ed_hostpath, plen);
	path[plen] = '/';
	memcpy(path + plen + 1, name, len);
	path[plen + 1 + len] = '\0';
	error = rumpuser_getfileinfo(path, &size, &ftype);
	if (error == 0 && !etfs_dir_visible(ed, ftype))
		error = ENOENT;
	if (error == 0 && rumpuser_fileattr(path, &fa) != 0)
		fa.fa_mode = ftype == RUMPUSER_FT_DIR ? 0755 : 0644;
	if (error == 0)
		error = etfs_child(ed, path, ftype, size, &child);
	kmem_free(path, plen + len + 2);
	if (error != 0)
		return error;
	error = rumpfs_etfs_attach_child(dir, name, len,
	    ftype == RUMPUSER_FT_DIR ? &etfs_dir_ops : &etfs_reg_ops, child,
	    ftype == RUMPUSER_FT_DIR ? VDIR : VREG, fa.fa_mode & ALLPERMS,
	    (off_t)size);
	if (error != 0)
		etfs_dev_free(child);	/* EEXIST: someone else was first */
	return error;
}

/* the visible host entries from index uio_offset - 2 on */
static int
etfs_dir_list(struct etfs_dev *ed, int fd, char *buf, struct uio *uio,
    int *eofp)
{
	int64_t hoff = 0, idx = 2;
	size_t len, pos, nlen;
	const char *name;
	int error, ftype;

	for (;;) {
		if ((error = rumpuser_readdir(fd, &hoff, buf, DIRBUF,
		    &len)) != 0)
			return error;
		if (len == 0)
			break;
		for (pos = 0; pos + 2 < len; pos += 2 + nlen + 1) {
			ftype = buf[pos] - '0';
			name = buf + pos + 2;
			nlen = strnlen(name, len - pos - 2);
			if (!etfs_dir_visible(ed, ftype) || nlen > MAXNAMLEN)
				continue;
			if (idx++ < uio->uio_offset)
				continue;
			error = genfs_dirent_emit(uio, 1000 + (uint64_t)idx,
			    name, nlen, ftype == RUMPUSER_FT_DIR ? DT_DIR :
			    DT_REG, idx);
			if (error != 0)
				return error;
			uio->uio_offset = idx;
		}
	}
	*eofp = 1;
	return 0;
}

static int
etfs_dir_readdir(void *cookie, struct uio *uio, int *eofp)
{
	struct etfs_dev *ed = cookie;
	char *buf;
	int fd, eof = 0, error = 0;

	if (uio->uio_offset == 0 &&
	    (error = genfs_dirent_emit(uio, 2, ".", 1, DT_DIR, 1)) == 0)
		uio->uio_offset = 1;
	if (error == 0 && uio->uio_offset == 1 &&
	    (error = genfs_dirent_emit(uio, 1, "..", 2, DT_DIR, 2)) == 0)
		uio->uio_offset = 2;
	if (error != 0)
		return error == EJUSTRETURN ? EINVAL : error;
	if ((error = rumpuser_open(ed->ed_hostpath, RUMPUSER_OPEN_DIR,
	    &fd)) != 0)
		return error;
	if ((buf = kmem_alloc(DIRBUF, KM_SLEEP)) == NULL) {
		rumpuser_close(fd);
		return ENOMEM;
	}
	error = etfs_dir_list(ed, fd, buf, uio, &eof);
	kmem_free(buf, DIRBUF);
	rumpuser_close(fd);
	if (eofp != NULL)
		*eofp = eof;
	return error == EJUSTRETURN ? 0 : error;
}

static int
etfs_dir_getsize(void *cookie, off_t *sizep)
{

	*sizep = 0;
	return 0;
}

static int
etfs_dir_fsync(void *cookie)
{

	return 0;
}

static void
etfs_child_release(void *cookie)
{

	etfs_dev_free(cookie);
}

const struct rumpfs_etfs_ops etfs_dir_ops = {
	.eo_getsize = etfs_dir_getsize,
	.eo_fsync = etfs_dir_fsync,
	.eo_lookup = etfs_dir_lookup,
	.eo_readdir = etfs_dir_readdir,
	.eo_release = etfs_child_release,
};
