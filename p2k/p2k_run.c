/*
 * The main loop, the clean shutdown, and the run-everything forms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "p2k_impl.h"
#include "../ukfs/ukfs_impl.h"

/* Unmount the rump file system: clean if possible, forced otherwise. */
static int
p2k_unmount(struct p2k_mount *p2m)
{
	int error = 0;

	p2k_node_release_all(p2m);
	if (!p2m->p2m_mounted)
		return 0;
	if (rump_sys_unmount(p2m->p2m_rumppath, 0) == -1) {
		error = errno;
		fprintf(stderr, "p2k: unmount %s: %s; forcing\n",
		    p2m->p2m_rumppath, strerror(error));
		if (rump_sys_unmount(p2m->p2m_rumppath, RUMP_MNT_FORCE) == -1)
			fprintf(stderr, "p2k: forced unmount of %s: %s: "
			    "the image may be dirty\n", p2m->p2m_rumppath,
			    strerror(errno));
	}
	p2m->p2m_mounted = false;
	if (error == 0 && p2m->p2m_devkey[0] != '\0')
		ukfs_disk_detach(p2m->p2m_devkey);
	return error;
}

int
p2k_mainloop(struct p2k_mount *p2m)
{
	struct fuse_loop_config config;
	bool signalled;
	int error, rv;

	if ((error = p2k_shutdown_start(p2m)) != 0) {
		fprintf(stderr, "p2k: signal thread: %s\n", strerror(error));
		p2k_cancel(p2m, error);
	}
	p2k_report(p2m, 0);
	memset(&config, 0, sizeof(config));
	config.clone_fd = 0;
	config.max_idle_threads = 16;
	if (p2m->p2m_singlethread)
		rv = fuse_session_loop(p2m->p2m_se);
	else
		rv = fuse_session_loop_mt(p2m->p2m_se, &config);
	signalled = p2k_shutdown_loop_ended(p2m);
	/* they reply through the session: let them finish (bounded) */
	while (__atomic_load_n(&p2m->p2m_lockthreads, __ATOMIC_ACQUIRE) > 0)
		usleep(1000);
	if (!p2m->p2m_detached)
		fuse_session_unmount(p2m->p2m_se);
	error = p2k_unmount(p2m);
	if (error == 0)
		error = rump_fini();
	p2k_shutdown_done(p2m);
	fuse_session_destroy(p2m->p2m_se);
	p2k_free(p2m);
	/*
	 * The connection is gone: after our own stop (a signal detached the
	 * mount) or an unmount, the device may answer a reader with
	 * ECONNABORTED rather than ENODEV (this kernel does so now and then
	 * after umount(2)), which the loop reports as an error.  The rump
	 * file system is still unmounted cleanly below: an end, not a fault.
	 */
	if (rv == -ECONNABORTED)
		rv = 0;
	if (rv < 0 && !signalled)
		return 1;
	return error != 0 ? 1 : 0;
}

/* Setup failed: say why, release what was set up, tell the parent. */
static int
p2k_setup_failed(struct p2k_mount *p2m, const char *what, int error)
{
	if (!p2m->p2m_reported)
		fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name,
		    what, *ukfs_mount_error() != '\0' ? ukfs_mount_error() :
		    strerror(error));
	if (p2m->p2m_se != NULL)
		fuse_session_destroy(p2m->p2m_se);
	p2k_unmount(p2m);
	rump_fini();
	p2k_report(p2m, 1);
	p2k_free(p2m);
	return 1;
}

int
p2k_run_fs(int argc, char **argv, const char *vfsname, const char *devpath,
    const char *mountpath, int mntflags, void *arg, size_t alen,
    uint32_t flags)
{
	struct p2k_mount *p2m;
	int error;

	if ((p2m = p2k_init(argc, argv, flags)) == NULL)
		return 1;
	error = p2k_setup_fs(p2m, vfsname, devpath, mountpath, mntflags, arg,
	    alen);
	if (error)
		return p2k_setup_failed(p2m, devpath ? devpath : vfsname,
		    error);
	return p2k_mainloop(p2m);
}

int
p2k_run_diskfs(int argc, char **argv, const char *vfsname,
    const char *devpath, const char *partition, const char *mountpath,
    int mntflags, void *arg, size_t alen, uint32_t flags)
{
	struct p2k_mount *p2m;
	int error;

	if ((p2m = p2k_init(argc, argv, flags)) == NULL)
		return 1;
	error = p2k_setup_diskfs(p2m, vfsname, devpath, partition, mountpath,
	    mntflags, arg, alen);
	if (error)
		return p2k_setup_failed(p2m, devpath, error);
	return p2k_mainloop(p2m);
}
