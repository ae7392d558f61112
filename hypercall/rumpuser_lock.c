/*
 * The image lock of RUMPUSER_OPEN_BIO.  Open-file-description (OFD)
 * locks give the exclusion: unlike classic POSIX locks they conflict
 * between two opens in one process and survive unrelated close()s.  But
 * OFD locks don't record a pid, so each holder also puts a classic lock
 * on one byte past the OFD range just to tell a loser who has the image.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rumpuser_int.h"

#define LOCK_PIDBYTE	(INT64_MAX - 1)	/* OFD lock: [0, here) */

/* Images this process holds, so a conflict with ourselves names us. */
struct heldimg {
	dev_t	h_dev;
	ino_t	h_ino;
	int	h_fd;
	struct heldimg *h_next;
};
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;
static struct heldimg *held_list;
static pthread_once_t held_once = PTHREAD_ONCE_INIT;

/*
 * The pid byte is read-locked so that a parent and its forked child can
 * both hold it (a write lock only where the fd can't read).
 */
static void
pidbyte_lock(int fd)
{
	struct flock fl = {
		.l_type = F_RDLCK, .l_whence = SEEK_SET,
		.l_start = LOCK_PIDBYTE, .l_len = 1,
	};

	if (fcntl(fd, F_SETLK, &fl) == -1 && errno == EBADF) {
		fl.l_type = F_WRLCK;
		(void)fcntl(fd, F_SETLK, &fl);
	}
}

/*
 * A forked child shares the OFD locks (same open file descriptions) but
 * not the classic pid-byte locks: take those again under the child's
 * pid (a daemonising parent exits and drops its own).
 */
static void
held_atfork_child(void)
{
	struct heldimg *h;

	pthread_mutex_init(&held_lock, NULL);
	for (h = held_list; h != NULL; h = h->h_next)
		pidbyte_lock(h->h_fd);
}

static void
held_init(void)
{

	pthread_atfork(NULL, NULL, held_atfork_child);
}

static void
held_add(int fd, const struct stat *st)
{
	struct heldimg *h;

	pthread_once(&held_once, held_init);
	h = malloc(sizeof(*h));
	if (h == NULL)
		return;		/* only costs a less precise message */
	h->h_dev = st->st_dev;
	h->h_ino = st->st_ino;
	h->h_fd = fd;
	pthread_mutex_lock(&held_lock);
	h->h_next = held_list;
	held_list = h;
	pthread_mutex_unlock(&held_lock);
}

static int
held_byme(const struct stat *st)
{
	struct heldimg *h;
	int found = 0;

	pthread_mutex_lock(&held_lock);
	for (h = held_list; h != NULL; h = h->h_next)
		if (h->h_dev == st->st_dev && h->h_ino == st->st_ino)
			found = 1;
	pthread_mutex_unlock(&held_lock);
	return found;
}

/* Forget fd's entry (its locks go away with the descriptor). */
void
rumpuser__rangeunlock(int fd)
{
	struct heldimg **hp, *h;

	pthread_mutex_lock(&held_lock);
	for (hp = &held_list; (h = *hp) != NULL; hp = &h->h_next) {
		if (h->h_fd == fd) {
			*hp = h->h_next;
			free(h);
			break;
		}
	}
	pthread_mutex_unlock(&held_lock);
}

static long
lock_holder(int fd, const struct stat *st)
{
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET,
		.l_start = LOCK_PIDBYTE, .l_len = 1,
	};

	if (held_byme(st))
		return (long)getpid();
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK &&
	    fl.l_pid > 0)
		return (long)fl.l_pid;
	return -1;
}

int
rumpuser__rangelock(int fd, const char *name, int writable)
{
	struct flock fl = {
		.l_type = writable ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET,
		.l_start = 0, .l_len = LOCK_PIDBYTE,
	};
	struct stat st;
	long pid;

	if (fstat(fd, &st) == -1)
		return rumpuser__errtrans(errno);
	if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
		pidbyte_lock(fd);
		held_add(fd, &st);
		return 0;
	}
	switch (errno) {
	case EAGAIN:
	case EACCES:
		break;
	case EINVAL:
	case ENOLCK:
	case EOPNOTSUPP:
	case ENOSYS:
		return 0;	/* the host fs can't lock: go without */
	default:
		return rumpuser__errtrans(errno);
	}
	pid = lock_holder(fd, &st);
	if (pid > 0)
		rumpuser_dprintf("%s: in use by pid %ld\n", name, pid);
	else
		rumpuser_dprintf("%s: in use by another process\n", name);
	return EBUSY;
}
