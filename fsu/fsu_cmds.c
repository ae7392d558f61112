/*
 * The command table.  readonly commands mount the image read-only.
 */
#include <stddef.h>

#include "fsu.h"

const struct fsu_cmd fsu_cmds[] = {
	{ "cat", fsu_cat_main, true, "path ..." },
	{ "get", fsu_get_main, true, "[-pRv] path ... hostpath" },
	{ "ls", fsu_ls_main, true, "[-1adFhilnRrSt] [path ...]" },
	{ "mkdir", fsu_mkdir_main, false, "[-p] [-m mode] path ..." },
	{ "put", fsu_put_main, false, "[-pRv] hostpath ... path" },
	{ "rm", fsu_rm_main, false, "[-fr] path ..." },
	{ NULL, NULL, false, NULL }
};
