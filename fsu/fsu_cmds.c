/*
 * The command table.  readonly commands mount the image read-only.
 */
#include <stddef.h>

#include "fsu.h"

#include <string.h>

const struct fsu_cmd fsu_cmds[] = {
	{ "cat", fsu_cat_main, true, "path ..." },
	{ "chgrp", fsu_chgrp_main, false, "[-Rh] group path ..." },
	{ "chmod", fsu_chmod_main, false, "[-R] mode path ..." },
	{ "chown", fsu_chown_main, false,
	    "[-Rh] owner[:group] path ..." },
	{ "cp", fsu_cp_main, false, "[-pRv] from ... to" },
	{ "df", fsu_df_main, true, "[-hi]" },
	{ "diff", fsu_diff_main, true,
	    "[-q] [-H] path1 path2 (-H: path2 on the host)" },
	{ "du", fsu_du_main, true, "[-sh] [path ...]" },
	{ "exec", fsu_exec_main, false, "path command [arg|{} ...]" },
	{ "find", fsu_find_main, true,
	    "[path ...] [-maxdepth n] [-mindepth n] [-name glob] [-type t]\n"
	    "\t[-size [+-]n[ckMG]] [-mtime [+-]n] [-newer path] "
	    "[-perm [-/]mode]\n\t[-user name] [-group name] [-print] "
	    "[-delete]\n\t[-exec command {} ;] [-exec command {} +]" },
	{ "get", fsu_get_main, true, "[-pRv] path ... [hostpath]" },
	{ "ln", fsu_ln_main, false, "[-s] target linkname" },
	{ "ls", fsu_ls_main, true, "[-1AadFhilnRrSt] [path ...]" },
	{ "mkdir", fsu_mkdir_main, false, "[-p] [-m mode] path ..." },
	{ "mkfifo", fsu_mkfifo_main, false, "[-m mode] path ..." },
	{ "mknod", fsu_mknod_main, false, "[-m mode] path b|c major minor | p" },
	{ "mv", fsu_mv_main, false, "from ... to" },
	{ "put", fsu_put_main, false, "[-pRv] hostpath ... [path]" },
	{ "rm", fsu_rm_main, false, "[-fr] path ..." },
	{ "rmdir", fsu_rmdir_main, false, "path ..." },
	{ "stat", fsu_stat_main, true, "[-L] path ..." },
	{ "touch", fsu_touch_main, false,
	    "[-acm] [-d date | -t [[CC]YY]MMDDhhmm[.ss] | -r path] path ..." },
	{ "write", fsu_write_main, false, "[-a] path" },
	{ NULL, NULL, false, NULL }
};

/* read-only, unless this use of the command writes (find -delete) */
bool
fsu_cmd_readonly(const struct fsu_cmd *cmd, int argc, char **argv)
{
	if (!cmd->readonly)
		return false;
	if (strcmp(cmd->name, "find") == 0)
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "-delete") == 0)
				return false;
	return true;
}
