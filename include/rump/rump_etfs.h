/*
 * etfs: host files registered under a key (an absolute rump path) in the
 * rump kernel's root file system (rump_etfs(3)).
 *
 *	REG	a regular file whose I/O goes to the host file
 *	BLK	a block device (and CHR its character twin) backed by the host
 *		file or device through one of the block backends
 *	DIR	a host directory, its immediate children visible
 *	DIR_SUBDIRS	a host directory, recursively
 *
 * Keys are absolute; repeated leading slashes collapse; the rest is taken
 * literally.  Missing parent directories of a key are created in rumpfs.
 * Keys are invisible to readdir.  Every call returns 0 or an errno value:
 * EEXIST duplicate key, ENOENT unknown key, EINVAL a window past the end
 * of the file, ENOTDIR a DIR type on a non-directory, EISDIR a window on
 * a DIR type, EBUSY removing a key in use (open or mounted).
 */
#ifndef RUMP_RUMP_ETFS_H
#define RUMP_RUMP_ETFS_H

#include <stddef.h>
#include <stdint.h>

enum rump_etfs_type {
	RUMP_ETFS_REG,
	RUMP_ETFS_BLK,
	RUMP_ETFS_CHR,
	RUMP_ETFS_DIR,
	RUMP_ETFS_DIR_SUBDIRS
};

/* size: everything from begin to the end of the host file */
#define RUMP_ETFS_SIZE_ENDOFF	((uint64_t)-1)

/* flags of rump_pub_etfs_register_opts */
#define RUMP_ETFS_BACKEND_BUFFERED	0x00	/* pread/pwrite (default) */
#define RUMP_ETFS_BACKEND_DIRECT	0x01	/* O_DIRECT, bounce buffers */
#define RUMP_ETFS_BACKEND_MMAP		0x02	/* windowed mmap */
#define RUMP_ETFS_BACKEND_MASK		0x03
#define RUMP_ETFS_RDONLY		0x10	/* open the host file O_RDONLY */

int rump_pub_etfs_register(const char *key, const char *hostpath,
    enum rump_etfs_type type);
int rump_pub_etfs_register_withsize(const char *key, const char *hostpath,
    enum rump_etfs_type type, uint64_t begin, uint64_t size);
int rump_pub_etfs_register_opts(const char *key, const char *hostpath,
    enum rump_etfs_type type, uint64_t begin, uint64_t size, int flags);
int rump_pub_etfs_remove(const char *key);

/*
 * Host-side partition helpers (in librumpuser.a; they read the image with
 * ordinary host I/O and use libblkid for MBR/GPT, so they are not kernel
 * code).  spec is an image path with an optional suffix:
 *
 *	img%DISKLABEL:a%	BSD disklabel partition a..p (label in the
 *				first 64 KiB, or in that of an MBR partition
 *				of type 0xa9, 0xa5 or 0xa6; either byte order)
 *	img%OFFSET:start,size%	a byte window (size 0: to the end)
 *	img%PART:N%		MBR or GPT partition N (1-based, libblkid)
 *
 * On success the image path is copied to hostpath and the window to
 * *begin and *size (*size RUMP_ETFS_SIZE_ENDOFF when there is no suffix).
 * Errors: EINVAL bad syntax or bad letter, ERANGE a negative or overflowing
 * number, ENOENT no label/partition table or no such partition,
 * ENAMETOOLONG hostpath too small, or the errno of opening the image.
 * rump_etfs_part_error() describes the last failure of this thread.
 */
int rump_etfs_part_parse(const char *spec, char *hostpath, size_t len,
    uint64_t *begin, uint64_t *size);
/* MBR/GPT partition partno (1-based) of a host image */
int rump_etfs_part_probe(const char *hostpath, int partno, uint64_t *begin,
    uint64_t *size);
const char *rump_etfs_part_error(void);

#endif /* RUMP_RUMP_ETFS_H */
