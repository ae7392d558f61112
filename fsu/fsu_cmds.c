/*
 * The command table.  readonly commands mount the image read-only.
 */
#include <stddef.h>

#include "fsu.h"

const struct fsu_cmd fsu_cmds[] = {
	{ "cat", fsu_cat_main, true, "path ..." },
	{ "chgrp", fsu_chgrp_main, false, "gid path ..." },
	{ "chmod", fsu_chmod_main, false, "octal-mode path ..." },
	{ "chown", fsu_chown_main, false, "uid[:gid] path ..." },
	{ "cp", fsu_cp_main, false, "[-pRv] from ... to" },
	{ "df", fsu_df_main, true, "[-hi]" },
	{ "diff", fsu_diff_main, true, "path1 path2" },
	{ "du", fsu_du_main, true, "[-sh] [path ...]" },
	{ "exec", fsu_exec_main, false, "path command [arg|{} ...]" },
	{ "find", fsu_find_main, true,
	    "[path ...] [-name glob] [-type t] [-size [+-]n[ckMG]] [-print]" },
	{ "get", fsu_get_main, true, "[-pRv] path ... [hostpath]" },
	{ "ln", fsu_ln_main, false, "[-s] target linkname" },
	{ "ls", fsu_ls_main, true, "[-1adFhilnRrSt] [path ...]" },
	{ "mkdir", fsu_mkdir_main, false, "[-p] [-m mode] path ..." },
	{ "mkfifo", fsu_mkfifo_main, false, "[-m mode] path ..." },
	{ "mknod", fsu_mknod_main, false, "[-m mode] path b|c major minor | p" },
	{ "mv", fsu_mv_main, false, "from ... to" },
	{ "put", fsu_put_main, false, "[-pRv] hostpath ... [path]" },
	{ "rm", fsu_rm_main, false, "[-fr] path ..." },
	{ "rmdir", fsu_rmdir_main, false, "path ..." },
	{ "stat", fsu_stat_main, true, "[-L] path ..." },
	{ "touch", fsu_touch_main, false, "[-c] [-d epoch-seconds] path ..." },
	{ "write", fsu_write_main, false, "[-a] path" },
	{ NULL, NULL, false, NULL }
};
