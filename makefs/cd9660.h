/*
 * makefs -t cd9660: an ISO 9660 image written directly from the tree
 * (the kernel's cd9660 driver only reads).  ECMA-119 for the volume
 * descriptors, path tables and directories; SUSP 1.12 / RRIP 1.12 for
 * Rock Ridge; the Joliet specification for the UCS-2 tree; El Torito
 * 1.0 for the boot catalog.
 *
 *	check (cd9660_type.c) -> plan: names (cd9660_names.c), the ISO
 *	tree with deep directories relocated (cd9660_tree.c), sizes and
 *	extents (cd9660_plan.c) -> format: descriptors
 *	(cd9660_vd.c), path tables and directories (cd9660_dir.c), Rock
 *	Ridge entries (cd9660_rr.c), boot catalog (cd9660_boot.c), file
 *	data (cd9660_write.c)
 */
#ifndef CD9660_H
#define CD9660_H

#include "makefs.h"

#define C9_SECTOR	2048u
#define C9_MAXDEPTH	8		/* directory levels, root is 1 */
#define C9_MAXEXTENT	0xfffff800u	/* one extent, whole sectors */
#define C9_JMAXCH	64		/* Joliet name length, UCS-2 units */
#define C9_MAXREC	255		/* a directory record */

struct c9_opts {
	unsigned level;			/* isolevel 1-3 */
	bool rr, joliet, deep, notrailing, nopad;
	bool noemul, noboot;
	const char *volid, *publisher, *preparer, *appid, *volsetid;
	const char *bootsys, *bootfile;	/* bootimage=sys;file */
	struct c9_image *img;		/* the plan, for format() */
	const struct mkfs_tree *tree;	/* for the progress line */
};

/* a name as recorded: ISO d-characters, or big-endian UCS-2 */
struct c9_name {
	unsigned char b[2 * 110];
	unsigned len;
};

/* one entry of the image's tree */
struct c9_node {
	const struct mkfs_node *src;	/* NULL: the relocation directory */
	struct c9_node *parent;		/* where ISO 9660 records it */
	struct c9_node *rrparent;	/* relocated: where it really is */
	struct c9_node *reloc;		/* a placeholder: the moved directory */
	struct c9_node *moved;		/* a moved directory: its placeholder */
	struct c9_node *first;		/* a hard link: the first name */
	struct c9_node **kids;		/* ISO order */
	struct c9_node **jkids;		/* Joliet order (nothing moved) */
	size_t nkids, njkids, capkids, capjkids;
	struct c9_name iso, jol;
	bool isdir;
	unsigned depth;			/* ISO level, root 1 */
	uint32_t ptnum, jptnum;		/* path table numbers */
	uint32_t lba, size;		/* a directory's extent */
	uint32_t jlba, jsize;		/* its Joliet extent */
	uint64_t datalba, datasize;	/* a file's data */
	uint32_t nlink, ino;
};

struct c9_image {
	struct c9_node *root, *rrmoved;
	struct c9_node **dirs;		/* path table order */
	struct c9_node **jdirs;
	size_t ndirs, njdirs;
	struct c9_node **files;		/* data order */
	size_t nfiles, capfiles;
	uint32_t pvd, brvd, svd, term;	/* descriptor sectors */
	uint32_t ptsize, jptsize;	/* path table bytes */
	uint32_t lpt, mpt, jlpt, jmpt;	/* path table sectors */
	uint32_t catalog, bootlba, bootsecs;
	uint64_t bootsize;
	uint32_t celba, cesecs;		/* continuation areas */
	uint32_t ceoff;			/* the next free byte in them */
	uint64_t sectors;		/* the whole image */
	int64_t now;			/* the descriptors' time */
	uint32_t inos;
};

/* a record's system use area, entries whole, before any CE */
struct c9_su {
	unsigned char b[8192];
	size_t len;
};

/* which record of a directory's node */
enum c9_rec { C9_SELF, C9_DOT, C9_DOTDOT };

/* cd9660_names.c */
int c9_isoname(const struct c9_opts *co, struct c9_node *n);
int c9_jolname(struct c9_node *n);
int c9_namecmp(const struct c9_name *a, const struct c9_name *b, bool jol);
int c9_unique(struct c9_node **v, size_t n, bool jol, unsigned level);

/* cd9660_tree.c */
int c9_tree(struct c9_opts *co, const struct mkfs_opts *o,
    const struct mkfs_tree *t, struct c9_image *im);
void c9_tree_free(struct c9_image *im);
int c9_kid_add(struct c9_node ***vp, size_t *np, size_t *capp,
    struct c9_node *n);

/* cd9660_plan.c */
int c9_plan(void *fsopts, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t *sizep);
uint32_t c9_nextents(uint64_t size);

/* cd9660_rr.c: SUSP entries of a record (-1 after one line), how many
 * bytes of them the record holds, the rest into continuation areas */
int c9_rr_entries(const struct c9_image *im, const struct c9_node *n,
    enum c9_rec rec, const struct mkfs_opts *o, struct c9_su *su);
size_t c9_rr_split(const struct c9_su *su, size_t room);
void c9_rr_ce(struct c9_image *im, const struct c9_su *su, size_t from,
    unsigned char *rec, unsigned char *ce);

/* cd9660_dir.c: a directory's records, measured (buf NULL) or made */
int c9_dir_emit(const struct c9_opts *co, struct c9_image *im,
    const struct mkfs_opts *o, const struct c9_node *d, bool jol,
    unsigned char *buf, unsigned char *ce, uint32_t *sizep);
int c9_write_dirs(const struct c9_opts *co, const struct mkfs_opts *o,
    struct c9_image *im, int fd);
uint32_t c9_ptsize(const struct c9_image *im, bool jol);
int c9_write_pt(const struct c9_image *im, int fd, bool jol);
size_t c9_dirrec(unsigned char *p, uint32_t lba, uint64_t size,
    int64_t when, unsigned flags, const struct c9_name *name);

/* cd9660_vd.c */
int c9_write_vds(const struct c9_opts *co, const struct mkfs_opts *o,
    const struct c9_image *im, int fd);
void c9_time7(unsigned char *p, int64_t t);

/* cd9660_boot.c */
int c9_boot_plan(const struct c9_opts *co, struct c9_image *im);
int c9_write_boot(const struct c9_opts *co, const struct c9_image *im,
    int fd);
void c9_boot_vd(const struct c9_image *im, unsigned char *sec);

/* cd9660_write.c */
int c9_format(void *fsopts, const struct mkfs_opts *o, int fd,
    uint64_t size);
int c9_copy(const char *host, int fd, uint64_t off, uint64_t size);

/* cd9660_type.c */
int c9_check(void *fsopts, const struct mkfs_node *dir,
    const struct mkfs_node *n);

/* both byte orders, ECMA-119 7.2.3 and 7.3.3 */
static inline void
c9_both16(unsigned char *p, uint32_t v)
{
	mkfs_le16(p, v);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline void
c9_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline void
c9_both32(unsigned char *p, uint32_t v)
{
	mkfs_le32(p, v);
	c9_be32(p + 4, v);
}

extern const struct mkfs_type mkfs_type_cd9660;

#endif /* CD9660_H */
