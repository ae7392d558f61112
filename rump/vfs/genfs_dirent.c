/*
 * VOP_READDIR's output: struct dirent records copied into the caller's
 * uio, one per directory entry.  One buffer-full convention for every
 * file system: genfs_dirent_emit returns EJUSTRETURN, having copied
 * nothing, when the next record does not fit; the driver stops walking
 * there (its cookie, uio_offset, still names that entry) and returns
 * genfs_dirent_end(error, records copied), which makes a full buffer a
 * success, or EINVAL when the buffer cannot hold even one record.
 *
 * The driver supplies: each entry's inode number, name, DT_* type and
 * the cookie of the entry after it (d_off); it moves uio_offset itself
 * (uiomove moves it by the bytes copied, which is no cookie).
 */
#include <sys/types.h>
#include <sys/dirent.h>
#include <sys/genfs.h>
#include <sys/systm.h>
#include <sys/uio.h>

int
genfs_dirent_emit(struct uio *uio, ino_t ino, const char *name,
    size_t namlen, int type, off_t next)
{
	struct dirent d;
	size_t reclen = _DIRENT_RECLEN(namlen);

	if (namlen >= sizeof(d.d_name))
		return EINVAL;
	if (reclen > uio->uio_resid)
		return EJUSTRETURN;
	/* the padding after the name goes out too: no stack bytes leak */
	memset(&d, 0, reclen);
	d.d_fileno = ino;
	d.d_off = next;
	d.d_reclen = (uint16_t)reclen;
	d.d_namlen = (uint16_t)namlen;
	d.d_type = (uint8_t)type;
	memcpy(d.d_name, name, namlen);
	return uiomove(&d, reclen, uio);
}

int
genfs_dirent_end(int error, int count)
{

	if (error == EJUSTRETURN)
		return count > 0 ? 0 : EINVAL;
	return error;
}
