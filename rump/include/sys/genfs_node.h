/*
 * The state every disk driver keeps in its in-core inode's flag word
 * (i_flag): which times the next update sets and whether the inode
 * differs from the disk.  The same bits everywhere, so that a reader of
 * one driver reads them all; a driver's own flags start at
 * GENFS_IN_DRIVER.
 */
#ifndef _SYS_GENFS_NODE_H_
#define _SYS_GENFS_NODE_H_

#define IN_ACCESS	0x0001		/* set atime at the next update */
#define IN_CHANGE	0x0002		/* set ctime */
#define IN_UPDATE	0x0004		/* set mtime */
#define IN_MODIFIED	0x0008		/* the inode differs from the disk */
#define GENFS_IN_DRIVER	0x0100		/* the first bit a driver may use */

#endif /* _SYS_GENFS_NODE_H_ */
