#ifndef _SYS_DIRENT_H_
#define _SYS_DIRENT_H_

#include <sys/types.h>

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14
#define IFTODT(mode)	(((mode) & 0170000) >> 12)
#define DTTOIF(dt)	((dt) << 12)

#define _DIRENT_RECLEN(namlen) RUMP_DIRENT_RECLEN(namlen)

#endif /* _SYS_DIRENT_H_ */
