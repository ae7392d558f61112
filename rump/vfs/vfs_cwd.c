/*
 * Per-process current directory, root directory and umask.
 *
 * rootvnode appears only when the root file system is mounted (after the
 * VFS components initialise), so a cwdinfo may start with no current
 * directory; cwdinfo_cur() fills it in with the root on first use.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/kmem.h>

#include "vfs_syscalls.h"

#define CMASK_DEFAULT	022

struct cwdinfo *
cwdinfo_alloc(void)
{
	struct cwdinfo *cwdi;

	cwdi = kmem_zalloc(sizeof(*cwdi), KM_SLEEP);
	if (cwdi == NULL)
		return NULL;
	rw_init(&cwdi->cwdi_lock);
	cwdi->cwdi_cmask = CMASK_DEFAULT;
	cwdi->cwdi_refcnt = 1;
	return cwdi;
}

struct cwdinfo *
cwdinfo_copy(struct cwdinfo *from)
{
	struct cwdinfo *cwdi;

	if ((cwdi = cwdinfo_alloc()) == NULL)
		return NULL;
	rw_enter(&from->cwdi_lock, RW_READER);
	cwdi->cwdi_cdir = from->cwdi_cdir;
	if (cwdi->cwdi_cdir != NULL)
		vref(cwdi->cwdi_cdir);
	cwdi->cwdi_rdir = from->cwdi_rdir;
	if (cwdi->cwdi_rdir != NULL)
		vref(cwdi->cwdi_rdir);
	cwdi->cwdi_cmask = from->cwdi_cmask;
	rw_exit(&from->cwdi_lock);
	return cwdi;
}

void
cwdinfo_release(struct cwdinfo *cwdi)
{

	if (cwdi == NULL || atomic_dec_uint_nv(&cwdi->cwdi_refcnt) > 0)
		return;
	if (cwdi->cwdi_cdir != NULL)
		vrele(cwdi->cwdi_cdir);
	if (cwdi->cwdi_rdir != NULL)
		vrele(cwdi->cwdi_rdir);
	rw_destroy(&cwdi->cwdi_lock);
	kmem_free(cwdi, sizeof(*cwdi));
}

struct cwdinfo *
cwdinfo_cur(void)
{
	struct proc *p = curproc;
	struct cwdinfo *cwdi;

	cwdi = p->p_cwdi;
	if (__predict_false(cwdi == NULL)) {
		if ((cwdi = cwdinfo_alloc()) == NULL)
			return NULL;
		mutex_enter(&p->p_lock);
		if (p->p_cwdi == NULL) {
			p->p_cwdi = cwdi;
			cwdi = NULL;
		}
		mutex_exit(&p->p_lock);
		cwdinfo_release(cwdi);
		cwdi = p->p_cwdi;
	}
	if (__predict_false(cwdi->cwdi_cdir == NULL) && rootvnode != NULL) {
		rw_enter(&cwdi->cwdi_lock, RW_WRITER);
		if (cwdi->cwdi_cdir == NULL) {
			vref(rootvnode);
			cwdi->cwdi_cdir = rootvnode;
		}
		rw_exit(&cwdi->cwdi_lock);
	}
	return cwdi;
}

struct vnode *
cwdinfo_rootref(void)
{
	struct cwdinfo *cwdi = cwdinfo_cur();
	struct vnode *vp;

	rw_enter(&cwdi->cwdi_lock, RW_READER);
	vp = cwdi->cwdi_rdir != NULL ? cwdi->cwdi_rdir : rootvnode;
	if (vp != NULL)
		vref(vp);
	rw_exit(&cwdi->cwdi_lock);
	return vp;
}

void
cwdinfo_setcdir(struct vnode *vp)
{
	struct cwdinfo *cwdi = cwdinfo_cur();
	struct vnode *ovp;

	rw_enter(&cwdi->cwdi_lock, RW_WRITER);
	ovp = cwdi->cwdi_cdir;
	cwdi->cwdi_cdir = vp;
	rw_exit(&cwdi->cwdi_lock);
	if (ovp != NULL)
		vrele(ovp);
}

void
cwdinfo_setrdir(struct vnode *vp)
{
	struct cwdinfo *cwdi = cwdinfo_cur();
	struct vnode *ovp;

	rw_enter(&cwdi->cwdi_lock, RW_WRITER);
	ovp = cwdi->cwdi_rdir;
	cwdi->cwdi_rdir = vp;
	rw_exit(&cwdi->cwdi_lock);
	if (ovp != NULL)
		vrele(ovp);
}

mode_t
cwdinfo_getumask(void)
{

	return cwdinfo_cur()->cwdi_cmask;
}

uint32_t
rump_sys_umask(uint32_t mask)
{
	struct cwdinfo *cwdi;
	mode_t old;

	sys_enter();
	cwdi = cwdinfo_cur();
	rw_enter(&cwdi->cwdi_lock, RW_WRITER);
	old = cwdi->cwdi_cmask;
	cwdi->cwdi_cmask = mask & ACCESSPERMS;
	rw_exit(&cwdi->cwdi_lock);
	rump_unschedule();
	return old;
}
