/*
 * Directory reading: opendir, readdir, readdirplus, releasedir, fsyncdir.
 * The file system's readdir cookies are the FUSE offsets.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2k_impl.h"

static void
p2k_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	int error;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	error = RUMP_VOP_ACCESS(vp, R_OK, cred);
	if (error)
		fuse_reply_err(req, error);
	else {
		/* held while open, as a file is: flock(2) locks live on it */
		p2k_node_open(P2M(req), NODE(req, ino), vp);
		if (fuse_reply_open(req, fi) != 0)
			p2k_node_close(P2M(req), NODE(req, ino));
	}
	p2k_vput(vp);
	p2k_cred_put(cred);
}

/* add one entry; returns its size, or 0 when it doesn't fit */
static size_t
p2k_dirent_add(fuse_req_t req, struct p2k_mount *p2m, int plus,
    struct vnode *dvp, const struct rump_dirent *d, char *out, size_t room,
    struct kauth_cred *cred)
{
	struct fuse_entry_param e;
	struct rump_vattr va;
	struct p2k_node *pn;
	struct vnode *vp;
	size_t need;
	char name[RUMP_MAXNAMLEN + 1];

	memcpy(name, d->d_name, d->d_namlen);
	name[d->d_namlen] = '\0';
	memset(&e, 0, sizeof(e));
	e.attr.st_ino = d->d_fileno;
	e.attr.st_mode = (mode_t)d->d_type << 12;
	if (!plus) {
		need = fuse_add_direntry(req, out, room, name, &e.attr,
		    d->d_off);
		return need <= room ? need : 0;
	}
	need = fuse_add_direntry_plus(req, NULL, 0, name, NULL, 0);
	if (need > room)
		return 0;
	pn = NULL;
	if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	    RUMP_VOP_LOOKUP(dvp, name, d->d_namlen, 0, cred, &vp) == 0) {
		if (RUMP_VOP_GETATTR(vp, &va, cred) != 0 ||
		    p2k_node_get(p2m, vp, &pn) != 0)
			pn = NULL;
		rump_pub_vp_rele(vp);
	}
	if (pn == NULL) {
		/* ino 0: no lookup count taken, the kernel only lists it */
		return fuse_add_direntry_plus(req, out, room, name, &e,
		    d->d_off);
	}
	p2k_entry_fill(p2m, pn, &va, &e);
	return fuse_add_direntry_plus(req, out, room, name, &e, d->d_off);
}

static void
p2k_doreaddir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
    int plus)
{
	struct p2k_mount *p2m = P2M(req);
	struct kauth_cred *cred;
	struct vnode *dvp;
	size_t used = 0, n, resid, pos;
	char *out, *in;
	int64_t cookie = off;
	int eof = 0, error = 0;

	if (!p2k_op_begin(req, ino, &dvp, &cred))
		return;
	out = malloc(size);
	in = malloc(size + sizeof(struct rump_dirent));
	if (out == NULL || in == NULL) {
		error = ENOMEM;
		goto done;
	}
	while (!eof && used < size) {
		error = RUMP_VOP_READDIR(dvp, in, size, &cookie, &resid, &eof,
		    cred);
		if (error || resid == size)
			break;
		for (pos = 0; pos < size - resid; pos += n) {
			const struct rump_dirent *d = (void *)(in + pos);
			size_t added;

			n = d->d_reclen;
			if (n == 0)
				break;
			added = p2k_dirent_add(req, p2m, plus, dvp, d,
			    out + used, size - used, cred);
			if (added == 0) {
				eof = 1;	/* full: resume at d_off next */
				break;
			}
			used += added;
		}
	}
done:
	if (error && used == 0)
		fuse_reply_err(req, error);
	else
		fuse_reply_buf(req, out, used);
	free(out);
	free(in);
	p2k_vput(dvp);
	p2k_cred_put(cred);
}

static void
p2k_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	p2k_doreaddir(req, ino, size, off, 0);
}

static void
p2k_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	p2k_doreaddir(req, ino, size, off, 1);
}

static void
p2k_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	p2k_node_close(P2M(req), NODE(req, ino));
	fuse_reply_err(req, 0);
}

static void
p2k_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync,
    struct fuse_file_info *fi)
{
	p2k_fsync_common(req, ino, datasync);
}

void
p2k_ops_dir(struct fuse_lowlevel_ops *ops)
{
	ops->opendir = p2k_opendir;
	ops->readdir = p2k_readdir;
	ops->readdirplus = p2k_readdirplus;
	ops->releasedir = p2k_releasedir;
	ops->fsyncdir = p2k_fsyncdir;
}
