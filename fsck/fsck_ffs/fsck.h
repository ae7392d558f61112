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

/* exit status, as BSD's fsck(8) documents it */
#define EXIT_USAGE	1
#define EXIT_FAILED	8

#ifndef DEV_BSIZE
#define DEV_BSIZE	512	/* di_blocks and -b count these */
#endif

/* inode states found in phase 1 */
enum istate { I_UNUSED, I_FILE, I_DIR, I_BAD };

struct inoinfo {
	uint8_t state;		/* enum istate */
	uint8_t dtype;		/* UFS_DT_* from the mode */
	uint8_t reached;	/* phase 3: connected to the root */
	uint8_t empty;		/* no size and no blocks */
	int16_t nlink;		/* from the inode */
	int32_t nref;		/* references found in directories */
	uint32_t parent;	/* directory holding its name (dirs) */
	int64_t name_off;	/* byte offset of that name's entry (dirs) */
	uint32_t dotdot;	/* what its '..' says (dirs) */
	int64_t dotdot_off;	/* byte offset of its '..' entry; 0: none */
};

/* how a problem may be handled: preen repairs it, or only a person */
enum { P_MANUAL = 0, P_PREEN = 1 };

struct fsck {
	const char *name;	/* program name for errors */
	const char *dev;	/* the image as named: preen's line prefix */
	int fd;
	uint64_t base;		/* byte offset of the file system (partition) */
	bool needswap;
	bool ufs2;
	bool oldfmt;		/* 4.2BSD directories */
	bool nflag, yflag, pflag, fflag, quiet;
	int64_t altsb;		/* -b: superblock at this DEV_BSIZE sector */
	int64_t sbloc;		/* where the primary superblock lives */
	uint64_t mediasize;
	struct fs fs;		/* host order */
	uint64_t ninodes;
	struct inoinfo *ino;
	int64_t *inited;	/* per group: inodes ever initialised */
	uint8_t *used;		/* one bit per frag: claimed by someone */
	uint8_t *meta;		/* one bit per frag: file-system metadata */
	uint8_t *dups;		/* one bit per frag: claimed twice */
	int64_t ndups;
	int64_t nfiles;		/* allocated inodes */
	int64_t ndirs;
	uint64_t lfdir;		/* lost+found, 0 if none */
	int errors;		/* inconsistencies found */
	int fixed;		/* of which repaired */
	bool rewalk;		/* blocks were freed: rebuild fk.used */
	bool sbdirty;		/* superblock to write */
	bool csdirty;		/* summary array to write */
	struct csum *csums;	/* the summary array, host order */
};

extern struct fsck fk;

/* util.c */
void pfatal(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
/*
 * A problem: say it.  True when it is to be repaired now (-y, or -p and
 * preen may repair it); a preen that meets a problem needing a person
 * stops the program with status 8.  action is the verb ("CLEAR") or NULL
 * when nothing here can repair it.
 */
bool fix(int how, const char *action, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));
/* a problem nothing here repairs */
#define problem(...)	((void)fix(P_MANUAL, NULL, __VA_ARGS__))
/* an observation that only a person may act on (-p stops here) */
void note(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
/* a repair fix() allowed could not be made after all */
void fix_failed(const char *fmt, ...)
    __attribute__((__format__(printf, 1, 2)));
/* a plain line (preen prefixes the image name) */
void say(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
int readat(void *buf, size_t len, int64_t off);
int writeat(const void *buf, size_t len, int64_t off);
int readfrags(void *buf, int64_t frag, size_t len);
bool bit_get(const uint8_t *map, uint64_t i);
void bit_set(uint8_t *map, uint64_t i);
void bit_clr(uint8_t *map, uint64_t i);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t sz);

/* setup.c */
int setup(const char *image);

/* inode.c */
int getino(uint64_t ino, struct ufs_dino *d);
int putino(uint64_t ino, const struct ufs_dino *d);
/* zero an inode on disk and forget it */
void clear_ino(uint64_t ino);
int set_nlink(uint64_t ino, int32_t n);
/* block of an inode: frag address (0: hole) or -1 on a bad pointer */
int64_t ino_bmap(const struct ufs_dino *d, int64_t lbn);
const char *ino_typename(uint16_t mode);
/* cg c (fs_cgsize bytes) into buf, host-order header; NULL or why not */
const char *getcg(int64_t c, uint8_t *buf, struct cg *hdr);

/* lostfound.c */
/* add name -> ino to directory dir (counts the reference); 0 or errno */
int dir_enter(uint64_t dir, const char *name, uint64_t ino, uint8_t type);
/* point directory ino's '..' at parent */
int set_dotdot(uint64_t ino, uint64_t parent);
/* lost+found's inode, made if missing; 0 if there is none */
uint64_t lostfound(void);
/* file ino under lost+found as #ino; 0 or errno */
int reconnect(uint64_t ino);

/* alloc.c */
int64_t alloc_block(void);
uint64_t alloc_inode(void);

/* walk.c: a file's blocks, in one of three modes */
#define MAXBAD	10		/* bad pointers before giving up on a file */
enum wmode { W_CHECK, W_FINDDUP, W_CLAIM };
struct walk {
	enum wmode mode;
	uint64_t ino;
	uint64_t size;
	int64_t frags;		/* fragments counted */
	int nbad;
	int ndup;
	bool beyond;		/* a block past the end of the file */
};
struct walk walk_inode(uint64_t ino, const struct ufs_dino *d,
    enum wmode mode);
/* pass1b.c: fk.used again from the live inodes */
void rebuild_used(void);

/* the phases */
void pass1(void);
void pass1b(void);
void pass2(void);
void pass3(void);
void pass4(void);
void pass5(void);
void pass5_summary(void);
/* superblock and summary array back to disk, clean if all is fixed */
void write_super(void);

#endif /* FSCK_FFS_FSCK_H */
