/*
 * The backends: one table entry per file system (and, later, per p2k
 * variant served over FUSE).  Adding ext2fs or ffs is one entry whose
 * setup makes a fresh image in workdir, registers it with etfs and mounts
 * it through fstest_rump_mount().
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fstest.h"
#include "fstest_rump.h"
#include "fstest_disk.h"
#include "fstest_host.h"
#include "fstest_p2k.h"
#include "fstest_nfs.h"
#include "../../rump/fs/rumpfs/rumpfs.h"
#include "../../rump/fs/msdosfs/msdosfs_args.h"

#define FSTEST_MNT	"/mnt"
/* rumpfs is given a size so that the fill-up tests have an end */
#define RUMPFS_TEST_BYTES	(16 * 1024 * 1024)

int
fstest_rump_mount(const char *type, const char *mnt, int flags, void *args,
    size_t argslen)
{
	int error;

	if ((error = rump_init()) != 0) {
		errno = error;
		return -1;
	}
	if (rump_sys_mkdir(mnt, 0777) == -1 && errno != EEXIST)
		return -1;
	return rump_sys_mount(type, mnt, flags, args, argslen);
}

int
fstest_rump_unmount(const char *mnt)
{

	return rump_sys_unmount(mnt, 0);
}

void
fstest_rump_teardown(const char *mnt)
{

	rump_pub_lwproc_switch(NULL);
	(void)rump_sys_unmount(mnt, 0);
	(void)rump_sys_unmount(mnt, RUMP_MNT_FORCE);
}

int
fstest_rump_remount_ro(const char *type, const char *mnt, void *args,
    size_t argslen)
{

	return rump_sys_mount(type, mnt, RUMP_MNT_UPDATE | RUMP_MNT_RDONLY,
	    args, argslen);
}

/* rumpfs: a new instance mounted at /mnt of a freshly booted kernel */
static struct rumpfs_args rumpfs_args = {
	.fspec_unused = NULL,
	.ra_maxbytes = RUMPFS_TEST_BYTES,
};

static int
rumpfs_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{

	snprintf(mnt, mntlen, "%s", FSTEST_MNT);
	*cookiep = NULL;
	return fstest_rump_mount("rumpfs", FSTEST_MNT, 0, &rumpfs_args,
	    sizeof(rumpfs_args));
}

static void
rumpfs_teardown(void *cookie)
{

	fstest_rump_teardown(FSTEST_MNT);
}

static int
rumpfs_unmount(void *cookie)
{

	return fstest_rump_unmount(FSTEST_MNT);
}

static int
rumpfs_remount_ro(void *cookie)
{

	return fstest_rump_remount_ro("rumpfs", FSTEST_MNT, &rumpfs_args,
	    sizeof(rumpfs_args));
}

const struct fstest_backend fstest_backend_rumpfs = {
	.name = "rumpfs",
	.fstype = "rumpfs",
	.caps = FSTEST_CAP_UNIX | FSTEST_CAP_FH | FSTEST_CAP_FIFO |
	    FSTEST_CAP_SIZELIMIT | FSTEST_CAP_PROCS | FSTEST_CAP_REMOUNT |
	    FSTEST_CAP_BSDVFS | FSTEST_CAP_XATTR,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.sys = &fstest_rump_sys,
	.setup = rumpfs_setup,
	.teardown = rumpfs_teardown,
	.unmount = rumpfs_unmount,
	.remount_ro = rumpfs_remount_ro,
};

/*
 * Disk file systems: a fresh image per case.  A backend with enable_env
 * set runs only when that variable is (FSTEST_HOST, for checking tests).
 */
#define MKFS_EXT2	"mke2fs -q -F -t ext2 -b 1024 -N 4096 %s 5000"
/* an empty 0755 root; -f: room for create_many's 2,324 files */
#define MKFS_FFS_V(v)	"d=$(mktemp -d) && chmod 755 $d && makefs -t ffs " \
			"-o version=" v " -f 3000 -s 5m %s $d >/dev/null; " \
			"r=$?; rmdir $d; exit $r"
#define MKFS_FFS	MKFS_FFS_V("2")
#define MKFS_FFS1	MKFS_FFS_V("1")
#define DISK_CAPS	(FSTEST_CAP_UNIX | FSTEST_CAP_FH | FSTEST_CAP_FIFO | \
    FSTEST_CAP_SIZELIMIT | FSTEST_CAP_PROCS | FSTEST_CAP_REMOUNT | \
    FSTEST_CAP_BSDVFS)
/*
 * Processes are forked host processes, of other uids too (as root); a
 * remount is an unmount and the image served again (-o ro), which the
 * in-memory p2k_rumpfs cannot survive (its remount_ro: EOPNOTSUPP).
 */
#define P2K_CAPS	(FSTEST_CAP_UNIX | FSTEST_CAP_FIFO | \
    FSTEST_CAP_SIZELIMIT | FSTEST_CAP_PROCS | FSTEST_CAP_REMOUNT)

static const struct fstest_backend fstest_backend_ext2fs = {
	.name = "ext2fs", .fstype = "ext2fs", .vfsname = "ext2fs",
	.mkfs = MKFS_EXT2, .caps = DISK_CAPS, .sys = &fstest_rump_sys,
	.tsgran_ns = FSTEST_TS_SEC, .namemax = 255,	/* 128-byte inodes */
	.enable_env = NULL,
	.setup = fstest_disk_setup, .teardown = fstest_disk_teardown,
	.unmount = fstest_disk_unmount, .remount_ro = fstest_disk_remount_ro,
};

static const struct fstest_backend fstest_backend_ffs = {
	.name = "ffs", .fstype = "ffs", .vfsname = "ffs",
	.mkfs = MKFS_FFS, .caps = DISK_CAPS,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.sys = &fstest_rump_sys, .enable_env = NULL,
	.setup = fstest_disk_setup, .teardown = fstest_disk_teardown,
	.unmount = fstest_disk_unmount, .remount_ro = fstest_disk_remount_ro,
};

static const struct fstest_backend fstest_backend_ffs1 = {
	.name = "ffs1", .fstype = "ffs", .vfsname = "ffs",
	.mkfs = MKFS_FFS1, .caps = DISK_CAPS,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.sys = &fstest_rump_sys, .enable_env = NULL,
	.setup = fstest_disk_setup, .teardown = fstest_disk_teardown,
	.unmount = fstest_disk_unmount, .remount_ro = fstest_disk_remount_ro,
};

/*
 * FAT: no links, owners or modes beyond a mask, 2-second times from 1980
 * on, names without case.  8 MiB (FAT12, as mkfs.fat picks it) hold
 * create_many's 2,324 names in one directory and fill up quickly.  Files
 * not executable (mount_msdos -m 644 -M 755), as access_simple expects
 * of a file made 0644.
 */
#define MKFS_MSDOS	"mkfs.fat -C %s 8192"
#define MSDOS_CAPS	(FSTEST_CAP_WRITABLE | FSTEST_CAP_SIZELIMIT | \
    FSTEST_CAP_PROCS | FSTEST_CAP_REMOUNT)
/* file handles name an entry's place (a directory's first cluster) */
#define MSDOS_CAPS_INPROC	(MSDOS_CAPS | FSTEST_CAP_BSDVFS | FSTEST_CAP_FH)
#define MSDOS_TSGRAN	(2 * FSTEST_TS_SEC)

static const struct msdosfs_args fstest_msdos_args = {
	.uid = 0, .gid = 0, .mask = 0644, .dirmask = 0755, .flags = 0,
	.gmtoff = 0,
};

static const struct fstest_backend fstest_backend_msdos = {
	.name = "msdos", .fstype = "msdos", .vfsname = "msdos",
	.mkfs = MKFS_MSDOS, .caps = MSDOS_CAPS_INPROC,
	.tsgran_ns = MSDOS_TSGRAN, .namemax = 255,
	.args = &fstest_msdos_args, .argslen = sizeof(fstest_msdos_args),
	.sys = &fstest_rump_sys, .enable_env = NULL,
	.setup = fstest_disk_setup, .teardown = fstest_disk_teardown,
	.unmount = fstest_disk_unmount, .remount_ro = fstest_disk_remount_ro,
};

/* FAT32: the root directory a cluster chain, FSInfo kept (33 MiB: the
 * least that has FAT32's 65,525 clusters of 512 bytes) */
static const struct fstest_backend fstest_backend_msdos32 = {
	.name = "msdos32", .fstype = "msdos", .vfsname = "msdos",
	.mkfs = "mkfs.fat -F 32 -S 512 -s 1 -C %s 34000",
	.caps = MSDOS_CAPS_INPROC,
	.tsgran_ns = MSDOS_TSGRAN, .namemax = 255,
	.args = &fstest_msdos_args, .argslen = sizeof(fstest_msdos_args),
	.sys = &fstest_rump_sys, .enable_env = NULL,
	.setup = fstest_disk_setup, .teardown = fstest_disk_teardown,
	.unmount = fstest_disk_unmount, .remount_ro = fstest_disk_remount_ro,
};

/*
 * ISO 9660: read-only, so only the read-only cases run, on an image
 * xorriso builds from what fstest_ro_prepare (t_ro.c) would have
 * written: "file" with RO_DATA, "dir" and "dir/inner".
 */
#define MKFS_CD9660	"d=$(mktemp -d) && mkdir $d/dir && " \
			"printf 'read-only contents' >$d/file && " \
			"printf x >$d/dir/inner && xorriso -as mkisofs " \
			"-quiet -R -J -o %s $d >/dev/null 2>&1; r=$?; " \
			"rm -rf $d; exit $r"
#define CD9660_CAPS	(FSTEST_CAP_SYMLINK | FSTEST_CAP_HARDLINK | \
    FSTEST_CAP_MODES | FSTEST_CAP_OWNERS | FSTEST_CAP_FIFO | \
    FSTEST_CAP_CASESENS | FSTEST_CAP_PROCS)

static const struct fstest_backend fstest_backend_cd9660 = {
	.name = "cd9660", .fstype = "cd9660", .vfsname = "cd9660",
	.mkfs = MKFS_CD9660,
	.caps = CD9660_CAPS | FSTEST_CAP_BSDVFS | FSTEST_CAP_FH,
	.tsgran_ns = FSTEST_TS_SEC, .namemax = 255,
	.sys = &fstest_rump_sys, .enable_env = NULL,
	.setup = fstest_disk_setup, .teardown = fstest_disk_teardown,
	.unmount = fstest_disk_unmount, .remount_ro = fstest_disk_remount_ro,
};

static const struct fstest_backend fstest_backend_p2k_cd9660 = {
	.name = "p2k_cd9660", .vfsname = "bin/rump_cd9660",
	.mkfs = MKFS_CD9660, .caps = CD9660_CAPS, .sys = &fstest_host_sys,
	.tsgran_ns = FSTEST_TS_SEC, .namemax = 255, .enable_env = NULL,
	.setup = fstest_p2k_setup, .teardown = fstest_p2k_teardown,
	.unmount = fstest_p2k_unmount, .remount_ro = fstest_p2k_remount_ro,
};

/*
 * The same file systems served over FUSE (vfsname: the server, under $O;
 * no mkfs: an in-memory file system and no image).
 */
static const struct fstest_backend fstest_backend_p2k_rumpfs = {
	.name = "p2k_rumpfs", .vfsname = "tests/p2k_rumpfs", .mkfs = NULL,
	.caps = P2K_CAPS | FSTEST_CAP_XATTR, .sys = &fstest_host_sys,
	/* times are checked to the second only, as they always were */
	.tsgran_ns = FSTEST_TS_SEC, .namemax = 255,
	.enable_env = NULL,
	.setup = fstest_p2k_setup, .teardown = fstest_p2k_teardown,
	.unmount = fstest_p2k_unmount, .remount_ro = fstest_p2k_remount_ro,
};

static const struct fstest_backend fstest_backend_p2k_ext2fs = {
	.name = "p2k_ext2fs", .vfsname = "bin/rump_ext2fs", .mkfs = MKFS_EXT2,
	.caps = P2K_CAPS, .sys = &fstest_host_sys, .enable_env = NULL,
	.tsgran_ns = FSTEST_TS_SEC, .namemax = 255,
	.setup = fstest_p2k_setup, .teardown = fstest_p2k_teardown,
	.unmount = fstest_p2k_unmount, .remount_ro = fstest_p2k_remount_ro,
};

static const struct fstest_backend fstest_backend_p2k_ffs = {
	.name = "p2k_ffs", .vfsname = "bin/rump_ffs", .mkfs = MKFS_FFS,
	.caps = P2K_CAPS, .sys = &fstest_host_sys,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.enable_env = NULL,
	.setup = fstest_p2k_setup, .teardown = fstest_p2k_teardown,
	.unmount = fstest_p2k_unmount, .remount_ro = fstest_p2k_remount_ro,
};

static const struct fstest_backend fstest_backend_p2k_msdos = {
	.name = "p2k_msdos", .vfsname = "bin/rump_msdos", .mkfs = MKFS_MSDOS,
	.caps = MSDOS_CAPS, .sys = &fstest_host_sys, .enable_env = NULL,
	.tsgran_ns = MSDOS_TSGRAN, .namemax = 255,
	.srvopts = "mask=644,dirmask=755",
	.setup = fstest_p2k_setup, .teardown = fstest_p2k_teardown,
	.unmount = fstest_p2k_unmount, .remount_ro = fstest_p2k_remount_ro,
};

/*
 * NFSv3 on nfs-ganesha (FSAL VFS on the host's file system, root not
 * squashed): only with FSTEST_NFS set (tests/fs/t_fs_nfs.sh), a fresh
 * directory of the export per case (fstest_nfs.c).  What NFS cannot do,
 * and so the cases that skip:
 *  - no file handles (FH): the driver names files by the server's
 *    handles and has no fhtovp/vptofh (tfilehandle, tfhremove,
 *    tfhinval);
 *  - no size limit (SIZELIMIT): the export is a directory of the host's
 *    file system, which the cases must not fill (fillfs);
 *  - no extended attributes (XATTR): NFSv3 has none (xattr_simple).
 * A file unlinked while open is kept by the driver under a hidden name
 * until its last close (rump/fs/nfs/nfs_silly.c); an empty
 * symlink target is the server's to refuse (nfs-ganesha:
 * NFS3ERR_INVAL), not the client's (symlink_zerolen, t_vnops2.c).
 */
#define NFS_CAPS	(FSTEST_CAP_UNIX | FSTEST_CAP_FIFO | \
    FSTEST_CAP_PROCS | FSTEST_CAP_REMOUNT)

static const struct fstest_backend fstest_backend_nfs = {
	.name = "nfs", .fstype = "nfs", .caps = NFS_CAPS | FSTEST_CAP_BSDVFS,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.sys = &fstest_rump_sys, .enable_env = FSTEST_NFS_ENV,
	.setup = fstest_nfs_setup, .teardown = fstest_nfs_teardown,
	.unmount = fstest_nfs_unmount, .remount_ro = fstest_nfs_remount_ro,
};

static const struct fstest_backend fstest_backend_p2k_nfs = {
	.name = "p2k_nfs", .vfsname = "bin/rump_nfs", .caps = NFS_CAPS,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.sys = &fstest_host_sys, .enable_env = FSTEST_NFS_ENV,
	.mkspecial = fstest_nfs_mkspecial, .rmspecial = fstest_nfs_rmspecial,
	.setup = fstest_p2k_setup, .teardown = fstest_p2k_teardown,
	.unmount = fstest_p2k_unmount, .remount_ro = fstest_p2k_remount_ro,
};

const struct fstest_backend *const fstest_backends[] = {
	&fstest_backend_rumpfs,
	&fstest_backend_ext2fs,
	&fstest_backend_ffs,
	&fstest_backend_ffs1,
	&fstest_backend_msdos,
	&fstest_backend_msdos32,
	&fstest_backend_cd9660,
	&fstest_backend_p2k_rumpfs,
	&fstest_backend_p2k_ext2fs,
	&fstest_backend_p2k_ffs,
	&fstest_backend_p2k_msdos,
	&fstest_backend_p2k_cd9660,
	&fstest_backend_nfs,	/* FSTEST_NFS=host:/path (t_fs_nfs.sh) */
	&fstest_backend_p2k_nfs,
	&fstest_backend_host,	/* FSTEST_HOST=1: check the tests on Linux */
	NULL
};
