/*
 * The VOP table of directories, regular files and symlinks.  Device and
 * fifo nodes have theirs in rumpfs_spec.c.
 */
#include "rumpfs_int.h"

const struct vnodeops rumpfs_vnodeops = {
	.vop_lookup = rumpfs_lookup,
	.vop_create = rumpfs_create,
	.vop_mknod = rumpfs_mknod,
	.vop_mkdir = rumpfs_mkdir,
	.vop_symlink = rumpfs_symlink,
	.vop_open = rumpfs_open,
	.vop_close = rumpfs_close,
	.vop_access = rumpfs_access,
	.vop_getattr = rumpfs_getattr,
	.vop_setattr = rumpfs_setattr,
	.vop_read = rumpfs_read,
	.vop_write = rumpfs_write,
	.vop_fallocate = rumpfs_fallocate,
	.vop_fdiscard = rumpfs_fdiscard,
	.vop_fsync = rumpfs_fsync,
	.vop_seek = genfs_seek,
	.vop_seekhole = rumpfs_seekhole,
	.vop_remove = rumpfs_remove,
	.vop_link = rumpfs_link,
	.vop_rename = rumpfs_rename,
	.vop_rmdir = rumpfs_rmdir,
	.vop_readdir = rumpfs_readdir,
	.vop_readlink = rumpfs_readlink,
	.vop_inactive = rumpfs_inactive,
	.vop_reclaim = rumpfs_reclaim,
	.vop_print = rumpfs_print,
	.vop_pathconf = rumpfs_pathconf,
	.vop_advlock = genfs_advlock,
	.vop_getextattr = rumpfs_getextattr,
	.vop_setextattr = rumpfs_setextattr,
	.vop_listextattr = rumpfs_listextattr,
	.vop_deleteextattr = rumpfs_deleteextattr,
};
