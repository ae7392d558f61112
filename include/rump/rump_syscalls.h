/*
 * rump_sys_*: the POSIX-like system call interface of the rump kernel, for
 * host programs.  Each runs in the calling thread's rump process (see
 * rump_pub_lwproc_*), returns -1 and sets the host's errno on failure, and
 * checks permissions against that process's credentials.  Flag and errno
 * values are the host's (Linux) ones.
 */
#ifndef RUMP_RUMP_SYSCALLS_H
#define RUMP_RUMP_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

#include <rump/rumpdefs.h>

typedef long rump_ssize_t;

int rump_sys_open(const char *path, int flags, ...);
int rump_sys_openat(int dirfd, const char *path, int flags, ...);
int rump_sys_close(int fd);
int rump_sys_dup(int fd);
int rump_sys_dup2(int fd, int newfd);
rump_ssize_t rump_sys_read(int fd, void *buf, size_t n);
rump_ssize_t rump_sys_write(int fd, const void *buf, size_t n);
rump_ssize_t rump_sys_pread(int fd, void *buf, size_t n, int64_t off);
rump_ssize_t rump_sys_pwrite(int fd, const void *buf, size_t n, int64_t off);
rump_ssize_t rump_sys_readv(int fd, const struct rump_iovec *iov, int cnt);
rump_ssize_t rump_sys_writev(int fd, const struct rump_iovec *iov, int cnt);
int64_t rump_sys_lseek(int fd, int64_t off, int whence);
int rump_sys_fsync(int fd);
int rump_sys_fdatasync(int fd);
void rump_sys_sync(void);
int rump_sys_ftruncate(int fd, int64_t len);
int rump_sys_truncate(const char *path, int64_t len);
int rump_sys_fallocate(int fd, int mode, int64_t off, int64_t len);

int rump_sys_stat(const char *path, struct rump_stat *sb);
int rump_sys_lstat(const char *path, struct rump_stat *sb);
int rump_sys_fstat(int fd, struct rump_stat *sb);
int rump_sys_fstatat(int dirfd, const char *path, struct rump_stat *sb,
    int flags);
int rump_sys_access(const char *path, int mode);
int rump_sys_faccessat(int dirfd, const char *path, int mode, int flags);

int rump_sys_mkdir(const char *path, uint32_t mode);
int rump_sys_mkdirat(int dirfd, const char *path, uint32_t mode);
int rump_sys_rmdir(const char *path);
int rump_sys_unlink(const char *path);
int rump_sys_unlinkat(int dirfd, const char *path, int flags);
int rump_sys_rename(const char *from, const char *to);
int rump_sys_renameat2(int fromfd, const char *from, int tofd,
    const char *to, unsigned int flags);
int rump_sys_link(const char *from, const char *to);
int rump_sys_linkat(int fromfd, const char *from, int tofd, const char *to,
    int flags);
int rump_sys_symlink(const char *target, const char *path);
int rump_sys_symlinkat(const char *target, int dirfd, const char *path);
rump_ssize_t rump_sys_readlink(const char *path, char *buf, size_t n);
rump_ssize_t rump_sys_readlinkat(int dirfd, const char *path, char *buf,
    size_t n);
int rump_sys_mknod(const char *path, uint32_t mode, uint64_t dev);
int rump_sys_mknodat(int dirfd, const char *path, uint32_t mode,
    uint64_t dev);
int rump_sys_mkfifo(const char *path, uint32_t mode);
/* struct rump_dirent records; returns bytes, 0 at the end */
rump_ssize_t rump_sys_getdents(int fd, void *buf, size_t n);

int rump_sys_chmod(const char *path, uint32_t mode);
int rump_sys_lchmod(const char *path, uint32_t mode);
int rump_sys_fchmod(int fd, uint32_t mode);
int rump_sys_fchmodat(int dirfd, const char *path, uint32_t mode, int flags);
int rump_sys_chown(const char *path, uint32_t uid, uint32_t gid);
int rump_sys_lchown(const char *path, uint32_t uid, uint32_t gid);
int rump_sys_fchown(int fd, uint32_t uid, uint32_t gid);
int rump_sys_fchownat(int dirfd, const char *path, uint32_t uid,
    uint32_t gid, int flags);
/* ts NULL: now; tv_nsec UTIME_NOW / UTIME_OMIT as on Linux */
int rump_sys_utimensat(int dirfd, const char *path,
    const struct rump_timespec ts[2], int flags);
int rump_sys_futimens(int fd, const struct rump_timespec ts[2]);

int rump_sys_statvfs(const char *path, struct rump_statvfs *sb);
int rump_sys_fstatvfs(int fd, struct rump_statvfs *sb);
int rump_sys_chdir(const char *path);
int rump_sys_fchdir(int fd);
int rump_sys_chroot(const char *path);
char *rump_sys_getcwd(char *buf, size_t size);
/* F_GETLK/F_SETLK/F_SETLKW take a struct rump_flock *; others an int */
int rump_sys_fcntl(int fd, int cmd, ...);
uint32_t rump_sys_umask(uint32_t mask);

int rump_sys_mount(const char *type, const char *path, int flags,
    void *data, size_t datalen);
int rump_sys_unmount(const char *path, int flags);
int rump_sys_getfh(const char *path, struct rump_fid *fh);
int rump_sys_fhopen(const struct rump_fid *fh, int flags);
int rump_sys_fhstat(const struct rump_fid *fh, struct rump_stat *sb);

int rump_sys_getxattr(const char *path, const char *name, void *value,
    size_t size);	/* returns the size */
int rump_sys_lgetxattr(const char *path, const char *name, void *value,
    size_t size);
int rump_sys_setxattr(const char *path, const char *name,
    const void *value, size_t size, int flags);
int rump_sys_lsetxattr(const char *path, const char *name,
    const void *value, size_t size, int flags);
int rump_sys_listxattr(const char *path, char *list, size_t size);
int rump_sys_llistxattr(const char *path, char *list, size_t size);
int rump_sys_removexattr(const char *path, const char *name);
int rump_sys_lremovexattr(const char *path, const char *name);

int32_t rump_sys_getpid(void);
uint32_t rump_sys_getuid(void);
uint32_t rump_sys_geteuid(void);
uint32_t rump_sys_getgid(void);
uint32_t rump_sys_getegid(void);
int rump_sys_setuid(uint32_t uid);
int rump_sys_seteuid(uint32_t uid);
int rump_sys_setgid(uint32_t gid);
int rump_sys_setegid(uint32_t gid);
int rump_sys_setgroups(int n, const uint32_t *groups);

#endif /* RUMP_RUMP_SYSCALLS_H */
