/*
 * The INIT flags libfuse forgets.
 *
 * libfuse before 3.16 (Debian 12 has 3.14) takes FUSE_CAP_PARALLEL_DIROPS
 * and FUSE_CAP_HANDLE_KILLPRIV in conn->want but never puts them in its
 * INIT reply (libfuse pull request 861 fixed the first), so the host
 * kernel serialises every lookup and readdir of one directory and asks
 * for the attributes before each chown and truncate.  The session's
 * device I/O goes through here (fuse_session_custom_io, plain read and
 * writev): the INIT request's unique and the kernel's offer are noted,
 * and the reply gets whichever of the two flags the server wants
 * (p2k_fuse_init) and the kernel offered.  With a libfuse that sends
 * them itself this changes nothing.
 */
#include <linux/fuse.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/uio.h>
#include <unistd.h>

#include "p2k_impl.h"

static _Atomic uint64_t p2k_init_unique;	/* 0: no INIT seen yet */
static uint32_t p2k_init_offer;			/* the kernel's INIT flags */
static uint32_t p2k_init_want;			/* what to add, if offered */

void
p2k_initflags_want(bool parallel_dirops, bool killpriv)
{

	p2k_init_want = (parallel_dirops ? FUSE_PARALLEL_DIROPS : 0) |
	    (killpriv ? FUSE_HANDLE_KILLPRIV : 0);
}

static ssize_t
p2k_io_read(int fd, void *buf, size_t len, void *userdata)
{
	const struct fuse_in_header *ih = buf;
	const struct fuse_init_in *in = (const void *)(ih + 1);
	ssize_t n;

	n = read(fd, buf, len);
	if (atomic_load_explicit(&p2k_init_unique, memory_order_relaxed) == 0 &&
	    n >= (ssize_t)(sizeof(*ih) + offsetof(struct fuse_init_in,
	    max_readahead) + sizeof(in->max_readahead) + sizeof(in->flags)) &&
	    ih->opcode == FUSE_INIT) {
		p2k_init_offer = in->flags;
		atomic_store(&p2k_init_unique, ih->unique);
	}
	return n;
}

static ssize_t
p2k_io_writev(int fd, struct iovec *iov, int count, void *userdata)
{
	struct fuse_out_header *oh = iov[0].iov_base;
	struct fuse_init_out *out;
	uint64_t unique = atomic_load(&p2k_init_unique);

	if (unique != 0 && count >= 2 && iov[0].iov_len == sizeof(*oh) &&
	    oh->unique == unique && oh->error == 0 &&
	    iov[1].iov_len >= offsetof(struct fuse_init_out, flags) +
	    sizeof(out->flags)) {
		out = iov[1].iov_base;
		out->flags |= p2k_init_want & p2k_init_offer;
		/* one INIT per session: later replies are left alone */
		atomic_store(&p2k_init_unique, UINT64_MAX);
	}
	return writev(fd, iov, count);
}

/* after fuse_session_mount: the session's fd, read and written here */
int
p2k_initflags_attach(struct fuse_session *se)
{
	static const struct fuse_custom_io io = {
		.read = p2k_io_read,
		.writev = p2k_io_writev,
	};
	int error;

	atomic_store(&p2k_init_unique, 0);
	error = fuse_session_custom_io(se, &io, fuse_session_fd(se));
	return error < 0 ? -error : 0;
}
