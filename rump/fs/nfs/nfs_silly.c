/*
 * "Silly renames": an NFSv3 server keeps no open state, so a file
 * removed while a descriptor here still reads or writes it would be
 * gone under that descriptor (STALE).  Such a remove renames the file
 * to a hidden name in its directory instead, ".nfs" and its file id,
 * and the name is removed when the last reference goes (inactive), as
 * NFS clients do.  Opens are counted by VOP_OPEN/VOP_CLOSE, not by the
 * vnode's references, which a FUSE server holds for every name the
 * kernel remembers.  A client that dies leaves the hidden file behind.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kauth.h>
#include <sys/namei.h>

#include "nfs.h"

void
nfs_silly_open(struct nfs_node *np, int delta)
{
	mutex_enter(&np->n_lock);
	if (delta > 0)
		np->n_opens++;
	else if (np->n_opens > 0)
		np->n_opens--;
	mutex_exit(&np->n_lock);
}

bool
nfs_silly_wanted(struct vnode *vp)
{
	struct nfs_node *np = VTON(vp);
	bool want;

	/* a second name of a file already hidden: removed for real */
	mutex_enter(&np->n_lock);
	want = vp->v_type == VREG && np->n_opens > 0 &&
	    np->n_sillydvp == NULL;
	mutex_exit(&np->n_lock);
	return want;
}

/* vp and dvp locked, as VOP_REMOVE has them */
int
nfs_silly_rename(struct vnode *dvp, struct vnode *vp,
    struct componentname *cnp)
{
	struct nfs_node *np = VTON(vp), *dp = VTON(dvp);
	char name[NFS_SILLYLEN];
	uint64_t fileid;
	int error;

	mutex_enter(&np->n_lock);
	fileid = np->n_attr.fa_fileid;
	mutex_exit(&np->n_lock);
	snprintf(name, sizeof(name), ".nfs%016llx",
	    (unsigned long long)fileid);
	error = nfs_rename_rpc(dp, cnp->cn_nameptr, cnp->cn_namelen, dp,
	    name, strlen(name), cnp->cn_cred);
	if (error != 0)
		return error;
	vref(dvp);
	kauth_cred_hold(cnp->cn_cred);
	mutex_enter(&np->n_lock);
	np->n_sillydvp = dvp;
	np->n_sillycred = cnp->cn_cred;
	memcpy(np->n_sillyname, name, sizeof(name));
	mutex_exit(&np->n_lock);
	return 0;
}

/* inactive (vp locked, no references left): the hidden name goes */
void
nfs_silly_remove(struct vnode *vp)
{
	struct nfs_node *np = VTON(vp);

	if (np->n_sillydvp == NULL)
		return;
	(void)nfs_remove_rpc(VTON(np->n_sillydvp), NFSPROC3_REMOVE,
	    np->n_sillyname, strlen(np->n_sillyname), np->n_sillycred);
	nfs_attr_invalidate(np);
	nfs_silly_drop(np);
}

void
nfs_silly_drop(struct nfs_node *np)
{
	struct vnode *dvp = np->n_sillydvp;

	if (dvp == NULL)
		return;
	kauth_cred_free(np->n_sillycred);
	np->n_sillydvp = NULL;
	np->n_sillycred = NULL;
	vrele(dvp);
}
