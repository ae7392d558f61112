/*
 * Moving file data between the host and the image in large chunks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsu.h"

#define FSU_CHUNK (1024 * 1024)

/* host fd -> path in the image (created with mode if absent) */
int
fsu_copy_in(struct ukfs *fs, int hostfd, const char *path, bool append,
    uint32_t mode)
{
	int fd, error = 0;
	int64_t off = 0;
	struct rump_stat sb;
	char *buf;
	ssize_t n;

	fd = ukfs_open(fs, path, O_WRONLY | O_CREAT |
	    (append ? O_APPEND : O_TRUNC));
	if (fd == -1)
		return errno;
	if (mode != 0)
		(void)ukfs_chmod(fs, path, mode);
	if (append && ukfs_stat(fs, path, &sb) == 0)
		off = sb.st_size;
	if ((buf = malloc(FSU_CHUNK)) == NULL) {
		ukfs_close(fs, fd);
		return ENOMEM;
	}
	while (!fsu_interrupted) {
		n = read(hostfd, buf, FSU_CHUNK);
		if (n < 0 && errno == EINTR && !fsu_interrupted)
			continue;
		if (n <= 0) {
			error = n < 0 ? errno : 0;
			break;
		}
		for (ssize_t done = 0; done < n; ) {
			long w = ukfs_write_fd(fs, fd, off, buf + done,
			    (size_t)(n - done), 0);

			if (w <= 0) {
				error = w < 0 ? errno : EIO;
				goto out;
			}
			done += w;
			off += w;
		}
	}
	if (fsu_interrupted)
		error = EINTR;
out:
	free(buf);
	if (ukfs_close(fs, fd) != 0 && error == 0)
		error = errno;
	return error;
}

/* path in the image -> host fd */
int
fsu_copy_out(struct ukfs *fs, const char *path, int hostfd)
{
	int fd, error = 0;
	int64_t off = 0;
	char *buf;
	long n;

	if ((fd = ukfs_open(fs, path, O_RDONLY)) == -1)
		return errno;
	if ((buf = malloc(FSU_CHUNK)) == NULL) {
		ukfs_close(fs, fd);
		return ENOMEM;
	}
	while (!fsu_interrupted) {
		n = ukfs_read_fd(fs, fd, off, buf, FSU_CHUNK);
		if (n <= 0) {
			error = n < 0 ? errno : 0;
			break;
		}
		for (long done = 0; done < n; ) {
			ssize_t w = write(hostfd, buf + done, (size_t)(n -
			    done));

			if (w < 0 && errno == EINTR && !fsu_interrupted)
				continue;
			if (w <= 0) {
				error = w < 0 ? errno : EIO;
				goto out;
			}
			done += w;
		}
		off += n;
	}
	if (fsu_interrupted)
		error = EINTR;
out:
	free(buf);
	ukfs_close(fs, fd);
	return error;
}
