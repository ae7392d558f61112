/*
 * Types that cross between the rump kernel and its host-side callers
 * (p2k, ukfs, tests).  Fixed-width fields only, so that the kernel (built
 * freestanding) and the host agree on every layout.
 *
 * Constants (errno values, O_*, S_IF*, AT_*, F_*, SEEK_*, DT_*) inside the
 * kernel use Linux's numbering, so host callers pass and compare the host's
 * own <errno.h>/<fcntl.h>/<sys/stat.h> constants directly.
 */
#ifndef RUMP_RUMPDEFS_H
#define RUMP_RUMPDEFS_H

#include <stddef.h>
#include <stdint.h>

struct rump_timespec {
	int64_t tv_sec;
	long tv_nsec;
};

struct rump_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blocks;	/* 512-byte units */
	uint32_t st_blksize;
	uint32_t st_flags;
	uint64_t st_gen;
	struct rump_timespec st_atim;
	struct rump_timespec st_mtim;
	struct rump_timespec st_ctim;
	struct rump_timespec st_birthtim;
};

/*
 * Directory entry as returned by rump_sys_getdents() and VOP_READDIR.
 * d_off is the cookie to resume reading after this entry; d_reclen is
 * the record length, a multiple of 8.
 */
#define RUMP_MAXNAMLEN 255
struct rump_dirent {
	uint64_t d_fileno;
	int64_t d_off;
	uint16_t d_reclen;
	uint16_t d_namlen;
	uint8_t d_type;		/* DT_* */
	char d_name[RUMP_MAXNAMLEN + 1];
};
/* bytes a record with a name of length n occupies */
#define RUMP_DIRENT_RECLEN(n) \
	((offsetof(struct rump_dirent, d_name) + (n) + 1 + 7) & ~(size_t)7)

#define RUMP_VFS_NAMELEN 32
#define RUMP_VFS_MNAMELEN 1024
struct rump_statvfs {
	uint64_t f_flag;	/* MNT_* flags of the mount */
	uint64_t f_bsize;	/* file system block size */
	uint64_t f_frsize;	/* fundamental (fragment) size */
	uint64_t f_iosize;	/* optimal I/O size */
	uint64_t f_blocks;	/* in f_frsize units */
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_bresvd;
	uint64_t f_files;
	uint64_t f_ffree;
	uint64_t f_favail;
	uint64_t f_fresvd;
	uint64_t f_fsid;
	uint64_t f_namemax;
	uint32_t f_owner;
	char f_fstypename[RUMP_VFS_NAMELEN];
	char f_mntonname[RUMP_VFS_MNAMELEN];
	char f_mntfromname[RUMP_VFS_MNAMELEN];
};

struct rump_flock {
	int64_t l_start;
	int64_t l_len;
	int32_t l_pid;
	int16_t l_type;		/* F_RDLCK, F_WRLCK, F_UNLCK */
	int16_t l_whence;	/* SEEK_SET, SEEK_CUR, SEEK_END */
};
/* RUMP_VOP_ADVLOCK flags: sleep until granted; which kind of lock */
#define RUMP_F_WAIT	0x010
#define RUMP_F_FLOCK	0x020
#define RUMP_F_POSIX	0x040

struct rump_iovec {
	void *iov_base;
	size_t iov_len;
};

/*
 * Vnode attributes (the kernel's struct vattr).  For VOP_SETATTR, fields
 * left at RUMP_VNOVAL are not changed (vattr_null sets them all).
 */
#define RUMP_VNOVAL (-1)
enum rump_vtype {
	RUMP_VNON, RUMP_VREG, RUMP_VDIR, RUMP_VBLK, RUMP_VCHR, RUMP_VLNK,
	RUMP_VSOCK, RUMP_VFIFO, RUMP_VBAD
};
struct rump_vattr {
	int32_t va_type;		/* enum rump_vtype */
	uint32_t va_mode;		/* permission bits only */
	uint32_t va_nlink;
	uint32_t va_uid;
	uint32_t va_gid;
	uint32_t va_blocksize;
	uint64_t va_fsid;
	uint64_t va_fileid;
	int64_t va_size;
	struct rump_timespec va_atime;
	struct rump_timespec va_mtime;
	struct rump_timespec va_ctime;
	struct rump_timespec va_birthtime;
	uint64_t va_gen;
	uint32_t va_flags;		/* chflags flags */
	uint32_t va_vaflags;		/* VA_* below */
	uint64_t va_rdev;
	int64_t va_bytes;		/* bytes of storage */
};
#define RUMP_VA_UTIMES_NULL	0x01	/* utimes(NULL): write access enough */
#define RUMP_VA_EXCLUSIVE	0x02	/* O_EXCL create */

/* file handles (vptofh/fhtovp) */
#define RUMP_FHMAXSIZE 64
struct rump_fid {
	uint16_t fid_len;	/* bytes used in fid_data */
	uint16_t fid_reserved;
	uint8_t fid_data[RUMP_FHMAXSIZE];
};

/* mount flags (f_flag, rump_sys_mount) */
#define RUMP_MNT_RDONLY		0x00000001
#define RUMP_MNT_SYNCHRONOUS	0x00000002
#define RUMP_MNT_NOEXEC		0x00000004
#define RUMP_MNT_NOSUID		0x00000008
#define RUMP_MNT_NODEV		0x00000010
#define RUMP_MNT_ASYNC		0x00000040
#define RUMP_MNT_NOATIME	0x04000000
#define RUMP_MNT_NODEVMTIME	0x00200000
#define RUMP_MNT_LOG		0x02000000
#define RUMP_MNT_SOFTDEP	0x80000000
#define RUMP_MNT_LOCAL		0x00001000
#define RUMP_MNT_UPDATE		0x00010000
#define RUMP_MNT_RELOAD		0x00040000
#define RUMP_MNT_FORCE		0x00080000

/* unmount flags */
#define RUMP_MNT_UMOUNT_FORCE	RUMP_MNT_FORCE

#endif /* RUMP_RUMPDEFS_H */
