/*
 * makefs: a file system image from directory trees.  The image is laid
 * out empty by our own formatter for the type (ffs_*.c, ext2_*.c,
 * msdos_*.c), then mounted through ukfs and filled by the kernel's
 * driver, so that what is on it is what the driver makes.
 *
 *	main: options -> tree (makefs_tree.c) -> plan and format (the type)
 *	      -> mount, fill (makefs_fill.c), unmount (makefs_build.c)
 */
#ifndef MAKEFS_H
#define MAKEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

/* one entry of the merged source trees */
struct mkfs_node {
	char *name;			/* "" for the root */
	char *host;			/* where it is on the host */
	char *path;			/* where it goes in the image: "/a/b" */
	struct stat st;			/* lstat of host */
	struct mkfs_node **kids;	/* directories: sorted by name */
	size_t nkids, capkids;
	struct mkfs_node *first;	/* a hard link: the first name of it */
};

struct mkfs_tree {
	struct mkfs_node *root;
	uint64_t nodes;			/* every entry but the root */
};

struct mkfs_type;

/* the command line */
struct mkfs_opts {
	const struct mkfs_type *type;
	void *fsopts;			/* the type's own -o settings */
	const char *image;
	uint64_t minsize, maxsize;	/* bytes, 0: none */
	uint64_t freeblocks, freefiles;	/* -b, -f */
	bool freeblocks_pct, freefiles_pct;
	bool timeset;			/* -T or SOURCE_DATE_EPOCH */
	int64_t timestamp;
	uint64_t offset;		/* -O: where the file system starts */
	unsigned byteorder;		/* -B: 1234, 4321; 0: the host's */
	bool imgfound;			/* the image existed: where */
	dev_t imgdev;
	ino_t imgino;
};

/*
 * A file system type.  plan() picks the geometry and the image size in
 * *sizep from the tree and the options (-s, -m, -M, -b, -f): 0, or -1
 * after one line (the tree does not fit, say).  format() writes the empty
 * file system into the image fd of that size.
 */
struct mkfs_type {
	const char *name;		/* -t */
	const char *vfsname;		/* the ukfs driver; NULL: format()
					 * writes it all (cd9660) */
	const char *opthelp;		/* its -o words, for --help */
	void *(*fsopts_new)(void);
	/* one -o word: 1 taken, 0 not this type's, -1 refused (said) */
	int (*option)(void *fsopts, const char *key, const char *value);
	/*
	 * Can the image hold this entry (its name, its type)?  0 yes, 1
	 * leave it out (after a warning), -1 refused (after one line).
	 */
	int (*check)(void *fsopts, const struct mkfs_node *dir,
	    const struct mkfs_node *n);
	int (*plan)(void *fsopts, const struct mkfs_opts *o,
	    const struct mkfs_tree *t, uint64_t *sizep);
	int (*format)(void *fsopts, const struct mkfs_opts *o, int fd,
	    uint64_t size);
	/* the driver's -o mount words to use ("gmtoff=0"), may be NULL */
	const char *(*mountopts)(void *fsopts, const struct mkfs_opts *o);
	/* the byte order the format has (1234), 0: -B's choice (ffs) or
	 * both at once (cd9660) */
	unsigned byteorder;
	/* what check() lets through and the format keeps */
	bool owners;			/* owners (chown) */
	bool links;			/* hard links (else copies) */
};

extern const char *mkfs_progname;

/* the types with a formatter (msdos_type.c, ext2_type.c, ffs_type.c) */
extern const struct mkfs_type mkfs_type_ffs;
extern const struct mkfs_type mkfs_type_msdos;
extern const struct mkfs_type mkfs_type_ext2fs;

/* makefs_types.c: every type makefs(8) names; NULL if none */
const struct mkfs_type *mkfs_type_find(const char *name);
const char *mkfs_type_list(void);
/* each type's -o words, a line each */
void mkfs_type_help(FILE *f);

/* makefs_opts.c: numbers with makefs's suffixes; -o lists */
int mkfs_parse_size(const char *s, uint64_t *vp);
int mkfs_parse_count(const char *s, uint64_t *vp, bool *pct);
int mkfs_parse_time(const char *s, int64_t *tp);
int mkfs_parse_fsopts(const struct mkfs_opts *o, const char *list,
    char **copyp);
/* a -o value as a number in [min, max]: 1, or -1 after one line; the
 * same into 32 bits, and a power of two */
int mkfs_optnum(const char *key, const char *value, uint64_t min,
    uint64_t max, uint64_t *vp);
int mkfs_optu32(const char *key, const char *value, uint64_t min,
    uint64_t max, uint32_t *vp);
int mkfs_optpow2(const char *key, const char *value, uint64_t min,
    uint64_t max, uint32_t *vp);
int mkfs_optstr(const char *key, const char *value, size_t max,
    const char **vp);
/* -B: 1234 or 4321, 0 if not a byte order */
unsigned mkfs_parse_endian(const char *s);
/* the host's byte order, as -B names it */
unsigned mkfs_host_endian(void);
/* -b / -f on top of a count: the extra, absolute or a percentage */
uint64_t mkfs_slack(uint64_t base, uint64_t v, bool pct);

/* makefs_userdb.c: -N dbdir, else the host's database; 0, or -1
 * after one line starting with where */
int mkfs_userdb_set(const char *dir);
int mkfs_user_id(const char *where, const char *name, uint32_t *idp);
int mkfs_group_id(const char *where, const char *name, uint32_t *idp);

/* makefs_tree.c */
int mkfs_tree_add(struct mkfs_tree *t, const char *hostdir,
    const struct mkfs_opts *o);
/* visit every node below and with root, parents first */
typedef int (*mkfs_visitfn)(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n);
int mkfs_tree_walk(const struct mkfs_node *root, mkfs_visitfn fn, void *ctx);
void mkfs_tree_free(struct mkfs_tree *t);
/* makefs_links.c: set each hard link's first, once every source is in */
int mkfs_tree_links(struct mkfs_tree *t);

/* makefs_fill.c: copy the tree into the mounted image */
struct ukfs;
int mkfs_fill(struct ukfs *fs, const struct mkfs_tree *t,
    const struct mkfs_opts *o);

/* makefs_progress.c: a line on a terminal while filling */
struct mkfs_progress {
	bool on;			/* stderr is a terminal */
	uint64_t files, bytes;		/* done */
	uint64_t allfiles, allbytes;
	int64_t shown;			/* when last drawn, ms */
};
void mkfs_progress_init(struct mkfs_progress *p, const struct mkfs_tree *t);
void mkfs_progress(struct mkfs_progress *p, bool last);

/* makefs_build.c: format, mount, fill, unmount */
int mkfs_build(const struct mkfs_opts *o, const struct mkfs_tree *t);

/* makefs_repro.c: the kernel's clock and randomness under -T */
void mkfs_repro_set(int64_t when);
/* 32 random bits: from -T's time when set, else the host's */
uint32_t mkfs_random32(const struct mkfs_opts *o, uint32_t salt);

/* makefs_util.c */
void mkfs_warnx(const char *fmt, ...)
    __attribute__((__format__(__printf__, 1, 2)));
int mkfs_pwrite(int fd, const void *buf, size_t len, uint64_t off);
/* -O: mkfs_pwrite to fd adds base (the image's; 0 to end) */
void mkfs_pwrite_window(int fd, uint64_t base);
uint64_t mkfs_roundup(uint64_t v, uint64_t unit);
uint64_t mkfs_howmany(uint64_t v, uint64_t unit);

static inline void
mkfs_le16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void
mkfs_le32(unsigned char *p, uint32_t v)
{
	mkfs_le16(p, v);
	mkfs_le16(p + 2, v >> 16);
}

void *mkfs_grow(void *v, size_t n, size_t *capp, size_t elsize);

#endif /* MAKEFS_H */
