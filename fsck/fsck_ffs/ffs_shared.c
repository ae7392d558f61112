/* the driver's on-disk format code, renamed for fsck_ffs (ffs_rename.h) */
#include "ffs_rename.h"
#include "../../rump/fs/ffs/ffs_bswap.c"
#include "../../rump/fs/ffs/ffs_subr.c"
#include "../../rump/vfs/genfs_name.c"
