/*
 * Generic VOP helpers: the default vnode lock, vattr_null, the
 * vtype <-> S_IFMT tables and vn_rdwr.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "vfs_impl.h"

const enum vtype iftovt_tab[16] = {
	VNON, VFIFO, VCHR, VNON, VDIR, VNON, VBLK, VNON,
	VREG, VNON, VLNK, VNON, VSOCK, VNON, VNON, VBAD,
};

const int vttoif_tab[9] = {
	0, S_IFREG, S_IFDIR, S_IFBLK, S_IFCHR, S_IFLNK,
	S_IFSOCK, S_IFIFO, S_IFMT,
};

int
vop_nosupport(void)
{

	return EOPNOTSUPP;
}

int
genfs_lock(struct vop_lock_args *ap)
{
	struct vnode *vp = ap->a_vp;
	krw_t op;

	op = (ap->a_flags & LK_EXCLUSIVE) ? RW_WRITER : RW_READER;
	if (ap->a_flags & LK_NOWAIT)
		return rw_tryenter(&vp->v_lock, op) ? 0 : EBUSY;
	rw_enter(&vp->v_lock, op);
	return 0;
}

int
genfs_unlock(struct vop_unlock_args *ap)
{

	rw_exit(&ap->a_vp->v_lock);
	return 0;
}

int
genfs_islocked(struct vop_islocked_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (rw_write_held(&vp->v_lock))
		return LK_EXCLUSIVE;
	if (rw_read_held(&vp->v_lock))
		return LK_SHARED;
	return 0;
}

void
vattr_null(struct vattr *va)
{

	/* every field VNOVAL (all ones), as VOP_SETATTR expects; no flags */
	memset(va, 0xff, sizeof(*va));
	va->va_vaflags = 0;
}

int
vn_rdwr(enum uio_rw rw, struct vnode *vp, void *base, size_t len,
    off_t offset, int ioflg, kauth_cred_t cred, size_t *aresid)
{
	struct iovec iov;
	struct uio uio;
	int error, locked = 0;

	if ((ioflg & IO_NODELOCKED) == 0) {
		error = vn_lock(vp, rw == UIO_READ ? LK_SHARED : LK_EXCLUSIVE);
		if (error != 0)
			return error;
		locked = 1;
	}
	uio_setup_sys(&uio, &iov, base, len, offset, rw);
	if (rw == UIO_READ)
		error = VOP_READ(vp, &uio, ioflg & ~IO_NODELOCKED, cred);
	else
		error = VOP_WRITE(vp, &uio, ioflg & ~IO_NODELOCKED, cred);
	if (locked)
		VOP_UNLOCK(vp);
	if (aresid != NULL)
		*aresid = uio.uio_resid;
	else if (error == 0 && uio.uio_resid != 0)
		error = EIO;
	return error;
}

#ifdef VOP_LOCKDEBUG
/*
 * A VOP's caller holds the lock state vnode_if.src gives (sanitizer
 * builds): E write-held by this thread, L held (a read hold is only
 * known to be someone's), U not write-held by this thread.
 */
void
vop_lockcheck(struct vnode *vp, char state, const char *op, const char *arg)
{
	bool mine, held;

	if (vp->v_lock.rw_hyp == NULL)
		return;		/* a vnode a unit test made by hand */
	mine = rw_write_held(&vp->v_lock) != 0;
	held = mine || rw_read_held(&vp->v_lock) != 0;
	if ((state == 'E' && !mine) || (state == 'L' && !held) ||
	    (state == 'U' && mine))
		panic("%s: %s %p %s, must be %s", op, arg, vp,
		    mine ? "locked exclusive" : held ? "locked shared" :
		    "unlocked", state == 'E' ? "locked exclusive" :
		    state == 'L' ? "locked" : "unlocked");
}
#endif
