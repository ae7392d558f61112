/*
 * Mount the file system in the rump kernel and open the FUSE session;
 * after the session ends, unmount cleanly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "p2k_impl.h"
#include "../ukfs/ukfs_impl.h"

static void
p2k_fuse_init(void *userdata, struct fuse_conn_info *conn)
{
	conn->max_write = 1u << 20;
	conn->max_readahead = 1u << 20;
	if (conn->capable & FUSE_CAP_PARALLEL_DIROPS)
		conn->want |= FUSE_CAP_PARALLEL_DIROPS;
	if (conn->capable & FUSE_CAP_ASYNC_READ)
		conn->want |= FUSE_CAP_ASYNC_READ;
	if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC)
		conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
	if (conn->capable & FUSE_CAP_POSIX_LOCKS)
		conn->want |= FUSE_CAP_POSIX_LOCKS;
	if (conn->capable & FUSE_CAP_FLOCK_LOCKS)
		conn->want |= FUSE_CAP_FLOCK_LOCKS;
	/* set-id bits are ours to clear on write (p2k_killpriv.c) */
	if (conn->capable & FUSE_CAP_HANDLE_KILLPRIV)
		conn->want |= FUSE_CAP_HANDLE_KILLPRIV;
	/* what libfuse 3.14 leaves out of its reply (p2k_initflags.c) */
	p2k_initflags_want(conn->want & FUSE_CAP_PARALLEL_DIROPS,
	    conn->want & FUSE_CAP_HANDLE_KILLPRIV);
}

static int
p2k_mkdirp(const char *path)
{
	char buf[256];
	char *p;

	if (strlen(path) >= sizeof(buf))
		return ENAMETOOLONG;
	strcpy(buf, path);
	for (p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (rump_sys_mkdir(buf, 0755) == -1 && errno != EEXIST)
				return errno;
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

/*
 * The mount type: fuse.rump_ext2fs for the rump_ext2fs server, as mount(8)
 * and fstab name it; the vfs name for any other program.
 */
static const char *
p2k_subtype(const char *vfsname)
{
	const char *prog = program_invocation_short_name;

	return strncmp(prog, "rump_", 5) == 0 ? prog : vfsname;
}

/*
 * "-o subtype=...,fsname=...[,ro]" for FUSE.  libfuse splits an option
 * list at commas unless escaped with a backslash (fuse_opt.h), so names
 * are escaped: an image may be img%OFFSET:1048576,20971520% or any name.
 */
static int
p2k_sessionopts(struct p2k_mount *p2m, const char *vfsname,
    const char *from)
{
	const char *fsname = p2m->p2m_fsname, *subtype = p2m->p2m_subtype;
	char *opts = NULL, *kv = NULL;
	int rv = ENOMEM;

	if (fsname == NULL)
		fsname = from != NULL && *from != '\0' ? from : vfsname;
	if (subtype == NULL)
		subtype = p2k_subtype(vfsname);
	if (asprintf(&kv, "subtype=%s", subtype) == -1) {
		kv = NULL;
		goto out;
	}
	if (fuse_opt_add_opt_escaped(&opts, kv) != 0)
		goto out;
	free(kv);
	if (asprintf(&kv, "fsname=%s", fsname) == -1) {
		kv = NULL;
		goto out;
	}
	if (fuse_opt_add_opt_escaped(&opts, kv) != 0 ||
	    ((p2m->p2m_flags & P2K_READONLY) &&
	    fuse_opt_add_opt(&opts, "ro") != 0))
		goto out;
	if (fuse_opt_add_arg(&p2m->p2m_args, "-o") == 0 &&
	    fuse_opt_add_arg(&p2m->p2m_args, opts) == 0)
		rv = 0;
out:
	free(kv);
	free(opts);
	return rv;
}

static int
p2k_session(struct p2k_mount *p2m, const char *vfsname, const char *from)
{
	struct fuse_lowlevel_ops ops;
	int error;

	memset(&ops, 0, sizeof(ops));
	p2k_ops_name(&ops);
	p2k_ops_attr(&ops);
	p2k_ops_io(&ops);
	p2k_ops_dir(&ops);
	p2k_ops_ext(&ops);
	p2k_ops_lock(&ops);
	ops.init = p2k_fuse_init;
	if ((error = p2k_sessionopts(p2m, vfsname, from)) != 0)
		return error;
	if (p2m->p2m_flags & P2K_DEBUG)
		fuse_opt_add_arg(&p2m->p2m_args, "-odebug");
	p2m->p2m_se = fuse_session_new(&p2m->p2m_args, &ops, sizeof(ops),
	    p2m);
	if (p2m->p2m_se == NULL)
		return EINVAL;
	if (fuse_session_mount(p2m->p2m_se, p2m->p2m_mountpoint) != 0)
		return EIO;
	return p2k_initflags_attach(p2m->p2m_se);
}

int
p2k_setup_fs(struct p2k_mount *p2m, const char *vfsname, const char *devpath,
    const char *mountpath, int mntflags, void *arg, size_t alen)
{
	struct vnode *rootvp;
	int error;

	if (strlen(mountpath) >= sizeof(p2m->p2m_rumppath))
		return ENAMETOOLONG;
	strcpy(p2m->p2m_rumppath, mountpath);
	if (mntflags & RUMP_MNT_RDONLY)
		p2m->p2m_flags |= P2K_READONLY;
	p2m->p2m_timeout = (p2m->p2m_flags & P2K_READONLY) ? 86400.0 : 1.0;
	/*
	 * Other users share an allow_other mount, and the host kernel does
	 * not check search permission on a name it has cached: a chmod 700
	 * of a directory must hold for the next lookup in it, so the server
	 * sees (and checks) every lookup of a writable mount.
	 */
	p2m->p2m_entry_timeout = p2m->p2m_allow_other &&
	    !(p2m->p2m_flags & P2K_READONLY) ? 0.0 : p2m->p2m_timeout;
	if ((error = p2k_mkdirp(mountpath)) != 0)
		return error;
	if ((error = ukfs_sys_mount(vfsname, mountpath, mntflags, arg, alen,
	    p2m->p2m_devkey)) != 0)
		return error;
	p2m->p2m_mounted = true;
	if ((error = rump_pub_vfs_getmp(mountpath, &p2m->p2m_rmp)) != 0 ||
	    (error = rump_pub_vfs_root(p2m->p2m_rmp, &rootvp)) != 0)
		return error;
	if ((error = p2k_node_root(p2m, vfsname, rootvp)) != 0)
		return error;
	return p2k_session(p2m, vfsname, devpath);
}
