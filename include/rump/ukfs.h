/*
 * ukfs: access a file system image from a program without mounting it on
 * the host (ukfs(3)).  The driver runs in the rump kernel in this process;
 * each call runs in a rump process chrooted at the file system's mount, so
 * paths are absolute inside the image.  Calls return 0 (or a count) and
 * -1 with errno set, like the system calls they mirror.
 */
#ifndef RUMP_UKFS_H
#define RUMP_UKFS_H

#include <stddef.h>
#include <stdint.h>

#include <rump/rumpdefs.h>

#define UKFS_DEFAULTMP		"/ukfs"
#define UKFS_RELFLAG_NOUNMOUNT	0x01
#define UKFS_RELFLAG_FORCE	0x02

/* the partition argument of ukfs_mount_disk: none, or 1.. (MBR/GPT) */
#define UKFS_PARTITION_NONE	(-1)

/* block backend for the images of later ukfs_mount_disk calls */
#define UKFS_BLK_BUFFERED	0
#define UKFS_BLK_DIRECT		1
#define UKFS_BLK_MMAP		2
void ukfs_set_blkbackend(int backend);

struct ukfs;
struct ukfs_dircookie;

int ukfs_init(void);
/* devpath: a rump path for vfsname's needs (or NULL) */
struct ukfs *ukfs_mount(const char *vfsname, const char *devpath,
    const char *mountpath, int mntflags, void *arg, size_t alen);
/*
 * devpath: a host image, optionally with a %DISKLABEL:x%, %OFFSET:s,n% or
 * %PART:N% suffix; registered as a rump block device (locked against a
 * second writer) and put in arg's first member (char *fspec).
 */
struct ukfs *ukfs_mount_disk(const char *vfsname, const char *devpath,
    int partition, const char *mountpath, int mntflags, void *arg,
    size_t alen);
int ukfs_release(struct ukfs *fs, int flags);
/* a readable message about the last ukfs_mount*() failure */
const char *ukfs_mount_error(void);

/*
 * The registered driver (rump/ukfs_driver.h) for the file system on a
 * host image, by the drivers' probes or libblkid's name: its vfs name, or
 * NULL with errno: ENOENT nothing recognised, EOPNOTSUPP recognised but
 * no driver (the name libblkid gave is in *rawname).
 */
const char *ukfs_probe_type(const char *imagepath, const char **rawname);

int ukfs_opendir(struct ukfs *fs, const char *dir,
    struct ukfs_dircookie **cookie);
/* struct rump_dirent records; 0 at the end */
int ukfs_getdents(struct ukfs *fs, struct ukfs_dircookie *cookie, void *buf,
    size_t bufsize);
void ukfs_closedir(struct ukfs *fs, struct ukfs_dircookie *cookie);

int ukfs_open(struct ukfs *fs, const char *path, int flags);
long ukfs_read(struct ukfs *fs, const char *path, int64_t off, void *buf,
    size_t n);
long ukfs_write(struct ukfs *fs, const char *path, int64_t off,
    const void *buf, size_t n);
long ukfs_read_fd(struct ukfs *fs, int fd, int64_t off, void *buf,
    size_t n);
long ukfs_write_fd(struct ukfs *fs, int fd, int64_t off, const void *buf,
    size_t n, int dosync);
int ukfs_close(struct ukfs *fs, int fd);
int ukfs_fsync(struct ukfs *fs, int fd);
int ukfs_ftruncate(struct ukfs *fs, int fd, int64_t len);

int ukfs_create(struct ukfs *fs, const char *path, uint32_t mode);
int ukfs_mknod(struct ukfs *fs, const char *path, uint32_t mode,
    uint64_t dev);
int ukfs_mkfifo(struct ukfs *fs, const char *path, uint32_t mode);
int ukfs_mkdir(struct ukfs *fs, const char *path, uint32_t mode);
int ukfs_remove(struct ukfs *fs, const char *path);
int ukfs_rmdir(struct ukfs *fs, const char *path);
int ukfs_link(struct ukfs *fs, const char *from, const char *to);
int ukfs_symlink(struct ukfs *fs, const char *target, const char *linkpath);
long ukfs_readlink(struct ukfs *fs, const char *path, char *buf, size_t n);
int ukfs_rename(struct ukfs *fs, const char *from, const char *to);
int ukfs_chdir(struct ukfs *fs, const char *path);
int ukfs_stat(struct ukfs *fs, const char *path, struct rump_stat *sb);
int ukfs_lstat(struct ukfs *fs, const char *path, struct rump_stat *sb);
int ukfs_chmod(struct ukfs *fs, const char *path, uint32_t mode);
int ukfs_lchmod(struct ukfs *fs, const char *path, uint32_t mode);
int ukfs_chown(struct ukfs *fs, const char *path, uint32_t uid, uint32_t gid);
int ukfs_lchown(struct ukfs *fs, const char *path, uint32_t uid,
    uint32_t gid);
/* times[0] access, times[1] modification; NULL: now */
int ukfs_utimes(struct ukfs *fs, const char *path,
    const struct rump_timespec times[2]);
int ukfs_lutimes(struct ukfs *fs, const char *path,
    const struct rump_timespec times[2]);
int ukfs_statvfs(struct ukfs *fs, struct rump_statvfs *sb);
/*
 * The credentials the later calls run with (mounting runs as the kernel):
 * what a device-less file system's server sees (NFS's AUTH_SYS).
 */
int ukfs_setcred(struct ukfs *fs, uint32_t uid, uint32_t gid, int ngroups,
    const uint32_t *groups);

/* mkdir -p */
int ukfs_util_builddirs(struct ukfs *fs, const char *path, uint32_t mode);

#endif /* RUMP_UKFS_H */
