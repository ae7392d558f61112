/*
 * fsck_ffs: a checker for FFS (UFS1/UFS2) images, either byte order.
 * Host program; the on-disk formats come from the driver's headers.
 */
#ifndef FSCK_FFS_FSCK_H
#define FSCK_FFS_FSCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ffs_rename.h"
#include "../../rump/fs/ffs/ffs_fs.h"
#include "../../rump/fs/ffs/ffs_bswap.h"
#include "../../rump/fs/ffs/ufs_dinode.h"
#include "../../rump/fs/ffs/ufs_dir.h"

/* inode states found in phase 1 */
enum istate { I_UNUSED, I_FILE, I_DIR, I_BAD };

struct inoinfo {
	uint8_t state;		/* enum istate */
	uint8_t dtype;		/* UFS_DT_* from the mode */
	uint8_t reached;	/* phase 3: connected to the root */
	int16_t nlink;		/* from the inode */
	int32_t nref;		/* references found in directories */
	uint32_t parent;	/* directory holding its name (dirs) */
	uint32_t dotdot;	/* what its '..' says (dirs) */
};

struct fsck {
	const char *name;
	int fd;
	bool needswap;
	bool ufs2;
	bool oldfmt;		/* 4.2BSD directories */
	bool nflag, yflag, quiet;
	int64_t sbloc;
	uint64_t mediasize;
	struct fs fs;		/* host order */
	uint64_t ninodes;
	struct inoinfo *ino;
	uint8_t *used;		/* one bit per frag: claimed by someone */
	uint8_t *meta;		/* one bit per frag: file-system metadata */
	int64_t nfiles;		/* allocated inodes */
	int64_t ndirs;
	int errors;		/* inconsistencies found */
	int fixed;		/* of which repaired (-y) */
	bool sbdirty;		/* superblock/summaries to write (-y) */
	struct csum *csums;	/* the summary array, host order */
};

extern struct fsck fk;

/* util.c */
void pfatal(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
void problem(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
int readat(void *buf, size_t len, int64_t off);
int writeat(const void *buf, size_t len, int64_t off);
/* with -y: count the last n problems as repaired and say so */
void repaired(int n);
int readfrags(void *buf, int64_t frag, size_t len);
bool bit_get(const uint8_t *map, uint64_t i);
void bit_set(uint8_t *map, uint64_t i);
void *xcalloc(size_t n, size_t sz);

/* setup.c */
int setup(const char *image);

/* inode.c */
int getino(uint64_t ino, struct ufs_dino *d);
/* block of an inode: frag address (0: hole) or -1 on a bad pointer */
int64_t ino_bmap(const struct ufs_dino *d, int64_t lbn);
const char *ino_typename(uint16_t mode);
/* cg c (fs_cgsize bytes) into buf, host-order header; NULL or why not */
const char *getcg(int64_t c, uint8_t *buf, struct cg *hdr);

/* write the summary array and superblock back (-y) */
void write_summaries(void);

/* the phases */
void pass1(void);
void pass2(void);
void pass3(void);
void pass4(void);
void pass5(void);

#endif /* FSCK_FFS_FSCK_H */
