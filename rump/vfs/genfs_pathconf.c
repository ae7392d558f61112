/*
 * VOP_PATHCONF.  The names every file system answers the same way
 * (PATH_MAX, CHOWN_RESTRICTED, NO_TRUNC) are answered here; the rest
 * are limits of the format.
 *
 * The driver supplies: a struct genfs_pathconf with its link count,
 * name and symlink lengths, atomic pipe write, file size bits, and
 * terminal input limits (0 when it answers none of them).
 */
#include <sys/types.h>
#include <sys/genfs.h>
#include <sys/param.h>
#include <sys/vnode.h>

/* the limit of name that is one of the format's, or -1 */
static long
genfs_pathconf_fs(int name, const struct genfs_pathconf *pc)
{

	switch (name) {
	case _PC_LINK_MAX:
		return pc->pc_link_max;
	case _PC_NAME_MAX:
		return pc->pc_name_max;
	case _PC_SYMLINK_MAX:
		return pc->pc_symlink_max;
	case _PC_PIPE_BUF:
		return pc->pc_pipe_buf;
	case _PC_FILESIZEBITS:
		return pc->pc_filesize_bits;
	case _PC_MAX_CANON:
	case _PC_MAX_INPUT:
		return pc->pc_max_canon != 0 ? pc->pc_max_canon : -1;
	case _PC_VDISABLE:
		return pc->pc_max_canon != 0 ? 0 : -1;
	default:
		return -1;
	}
}

int
genfs_pathconf(struct vop_pathconf_args *ap, const struct genfs_pathconf *pc)
{
	long v;

	switch (ap->a_name) {
	case _PC_PATH_MAX:
		*ap->a_retval = MAXPATHLEN;
		return 0;
	case _PC_CHOWN_RESTRICTED:
	case _PC_NO_TRUNC:
		*ap->a_retval = 1;
		return 0;
	default:
		if ((v = genfs_pathconf_fs(ap->a_name, pc)) < 0)
			return EINVAL;
		*ap->a_retval = v;
		return 0;
	}
}
