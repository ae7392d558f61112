/*
 * nfs vfsops: mount "host:/path" (the MOUNT protocol for the root
 * handle, the portmapper for the ports, FSINFO for the transfer sizes),
 * unmount (bounded: pending commits and UMNT give up quickly on a
 * vanished server), root, statvfs (FSSTAT), sync (COMMIT).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/genfs.h>
#include <sys/rumpcomp.h>

#include "nfs.h"

#define NFS_TIMEO_DEF	10	/* tenths of a second */
#define NFS_RETRANS_DEF	10
#define NFS_UNMOUNT_RETRANS 2
#define NFS_NCHAN	(NFS_NIOD + 1)	/* calls in flight at once, one
					 * connection each */

/* "host:/path" into nm_host and nm_path (the front ends said why not) */
static int
nfs_parse_spec(struct nfs_mount *nmp, const char *spec)
{
	const char *colon = spec != NULL ? strchr(spec, ':') : NULL;
	size_t hlen;

	/* quietly: fs-utils try every driver on a disk image */
	if (colon == NULL || colon == spec || colon[1] != '/')
		return EINVAL;
	hlen = (size_t)(colon - spec);
	if (hlen >= sizeof(nmp->nm_host) ||
	    strlen(colon + 1) >= sizeof(nmp->nm_path))
		return ENAMETOOLONG;
	memcpy(nmp->nm_host, spec, hlen);
	nmp->nm_host[hlen] = '\0';
	strlcpy(nmp->nm_path, colon + 1, sizeof(nmp->nm_path));
	return 0;
}

static void
nfs_setup_rpc(struct nfs_mount *nmp, const struct nfs_args *a)
{
	struct nfs_rpc *r = &nmp->nm_rpc;

	nfs_rpc_init(r, nmp->nm_host, (int)a->na_port,
	    !(a->na_flags & NFS_ARG_UDP), NFS_PROG, NFS_VERS);
	r->r_soft = (a->na_flags & NFS_ARG_SOFT) != 0;
	r->r_nchan = NFS_NCHAN;
	r->r_timeo_ms = 100 * (a->na_timeo != 0 ? a->na_timeo :
	    NFS_TIMEO_DEF);
	r->r_retrans = a->na_retrans != 0 ? a->na_retrans : NFS_RETRANS_DEF;
	nmp->nm_flags = a->na_flags;
	nmp->nm_rsize = a->na_rsize;
	nmp->nm_wsize = a->na_wsize;
	nmp->nm_mntport = a->na_mntport;
	nmp->nm_namemax = NFS3_NAMEMAX;
}

/* the MOUNT protocol, the NFS port, FSINFO, the root */
static int
nfs_mountfs(struct mount *mp, struct nfs_mount *nmp,
    const struct nfs_args *a)
{
	struct vnode *vp;
	int port, error;

	if ((error = nfs_mnt(nmp, a)) != 0)
		return error;
	if (nmp->nm_rpc.r_port == 0) {
		if ((error = nfs_pmap_getport(nmp->nm_host,
		    nmp->nm_rpc.r_tcp, NFS_PROG, NFS_VERS, &nmp->nm_rpc,
		    &port)) != 0)
			return error;
		nmp->nm_rpc.r_port = port;
	}
	if ((error = nfs_fsinfo(nmp)) != 0)
		return error;
	mp->mnt_data = nmp;
	if ((error = vcache_get(mp, nmp->nm_rootfh.fh_data,
	    nmp->nm_rootfh.fh_len, &vp)) != 0)
		return error;
	error = vp->v_type == VDIR ? 0 : ENOTDIR;
	vrele(vp);
	return error;
}

static int
nfs_mount(struct mount *mp, const char *path, void *data, size_t *data_len)
{
	struct nfs_args args;
	struct nfs_mount *nmp;
	int error;

	(void)path;
	if (mp->mnt_flag & MNT_UPDATE)
		return mp->mnt_data == NULL ? EINVAL : 0;
	memset(&args, 0, sizeof(args));
	if (data != NULL)
		memcpy(&args, data, MIN(*data_len, sizeof(args)));
	if ((nmp = kmem_zalloc(sizeof(*nmp), KM_SLEEP)) == NULL)
		return ENOMEM;
	nmp->nm_mp = mp;
	if ((error = nfs_parse_spec(nmp, args.fspec)) != 0) {
		kmem_free(nmp, sizeof(*nmp));
		return error;
	}
	strlcpy(mp->mnt_stat.f_mntfromname, args.fspec,
	    sizeof(mp->mnt_stat.f_mntfromname));
	nfs_setup_rpc(nmp, &args);
	mutex_init(&nmp->nm_hintlock, MUTEX_DEFAULT, IPL_NONE);
	nfs_iod_start(&nmp->nm_iod);
	/* the front end names the special with the error: no line here */
	if ((error = nfs_mountfs(mp, nmp, &args)) != 0) {
		(void)vflush(mp, NULL, FORCECLOSE);
		mp->mnt_data = NULL;
		nfs_iod_stop(&nmp->nm_iod);
		nfs_rpc_destroy(&nmp->nm_rpc);
		mutex_destroy(&nmp->nm_hintlock);
		kmem_free(nmp, sizeof(*nmp));
	}
	return error;
}

static int
nfs_unmount(struct mount *mp, int mntflags)
{
	struct nfs_mount *nmp = VFSTONFS(mp);
	int error;

	if (mp->mnt_iflag & IMNT_GONE)
		return 0;
	/* from here on, a server that does not answer is given up on */
	nmp->nm_rpc.r_soft = true;
	nmp->nm_rpc.r_retrans = MIN(nmp->nm_rpc.r_retrans,
	    NFS_UNMOUNT_RETRANS);
	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	nfs_iod_stop(&nmp->nm_iod);
	nfs_umnt(nmp);
	nmp->nm_rpc.r_dying = true;
	nfs_rpc_destroy(&nmp->nm_rpc);
	mutex_destroy(&nmp->nm_hintlock);
	kmem_free(nmp, sizeof(*nmp));
	mp->mnt_data = NULL;
	return 0;
}

static int
nfs_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	struct nfs_mount *nmp = VFSTONFS(mp);
	int error;

	error = vcache_get(mp, nmp->nm_rootfh.fh_data, nmp->nm_rootfh.fh_len,
	    vpp);
	if (error != 0) {
		*vpp = NULL;
		return error;
	}
	if (lktype != 0 && (error = vn_lock(*vpp, lktype)) != 0) {
		vrele(*vpp);
		*vpp = NULL;
	}
	return error;
}

static int
nfs_statvfs(struct mount *mp, struct statvfs *sbp)
{
	return nfs_fsstat(VFSTONFS(mp), sbp);
}

static int
nfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{
	(void)mp;
	(void)waitfor;
	(void)cred;
	return 0;
}

static int
nfs_vget(struct mount *mp, ino_t ino, int lktype, struct vnode **vpp)
{
	(void)mp;
	(void)ino;
	(void)lktype;
	*vpp = NULL;
	return EOPNOTSUPP;	/* handles, not numbers, name NFS files */
}

struct vfsops nfs_vfsops = {
	.vfs_name = "nfs",
	.vfs_min_mount_data = sizeof(char *),
	.vfs_mount = nfs_mount,
	.vfs_unmount = nfs_unmount,
	.vfs_root = nfs_root,
	.vfs_statvfs = nfs_statvfs,
	.vfs_sync = nfs_sync,
	.vfs_vget = nfs_vget,
	.vfs_loadvnode = nfs_loadvnode,
};

RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS)
{
	vfs_attach(&nfs_vfsops);
}
