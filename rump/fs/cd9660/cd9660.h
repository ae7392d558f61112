/*
 * The cd9660 driver's in-core state: the mount (which volume descriptor
 * and which naming: plain ISO 9660, Rock Ridge or Joliet) and the node
 * of each file.  A file's number (its vcache key and st_ino's source)
 * is the byte offset of its directory record in the image; a
 * directory's is the offset of its own "." record, the first of its
 * extent, so that every path to it (its parent's record, "..", a Rock
 * Ridge CL entry) names the same node.  On-disk layouts are in
 * cd9660_format.h.
 */
#ifndef _CD9660_H_
#define _CD9660_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/time.h>
#include <sys/mutex.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "cd9660_args.h"
#include "cd9660_format.h"

enum cd9660_names { CD9660_PLAIN, CD9660_RRIP, CD9660_JOLIET };

struct cd9660_mount {
	struct mount	*im_mp;
	struct vnode	*im_devvp;
	int		im_devmode;
	uint64_t	im_nsec;	/* sectors the image holds */
	uint32_t	im_flags;	/* CD9660_ARG_* */
	enum cd9660_names im_names;
	unsigned	im_skip;	/* SP's bytes to skip in SU areas */
	ino_t		im_rootino;
	uint32_t	im_volspace;	/* the descriptor's volume size */
	uint32_t	im_session;	/* sector the session starts at */
	/* console lines about one damaged record: at most this many */
	unsigned	im_complaints;
	uint64_t	im_lastbad;	/* byte of the last one, plus 1 */
};

/* one extent of a file: whole sectors, the last one partly */
struct cd9660_extent {
	uint32_t	ie_lba;		/* first data sector (past the XAR) */
	uint32_t	ie_len;		/* bytes */
};

#define CD9660_MAXEXTENTS	4096	/* 8 TiB in 2 GiB pieces */
#define CD9660_SYMLINK_MAX	4095
#define CD9660_CE_MAXHOPS	64	/* continuation areas per record */

struct cd9660_node {
	struct vnode	*in_vnode;
	struct cd9660_mount *in_imp;
	ino_t		in_number;	/* vcache key: see above */
	uint64_t	in_fileid;	/* st_ino: same for hard links */
	uint32_t	in_mode;	/* S_IF* | permissions */
	uint32_t	in_nlink, in_uid, in_gid;
	dev_t		in_rdev;
	uint64_t	in_size;	/* bytes read (zisofs: inflated) */
	uint64_t	in_rawsize;	/* bytes of its extents */
	struct timespec	in_atime, in_mtime, in_ctime, in_btime;
	struct cd9660_extent *in_ext;
	unsigned	in_next;	/* extents */
	uint8_t		in_unit, in_gap; /* interleaving, in sectors */
	char		*in_link;	/* symlink target, NUL-ended */
	size_t		in_linklen;
	unsigned	in_bshift;	/* log2 of the file's buffers */
	unsigned	in_zbshift;	/* zisofs: log2 block size, or 0 */
	unsigned	in_zhdr;	/* zisofs: header bytes */
	uint32_t	in_parent;	/* directory: parent's extent, or 0:
					 * not known yet (lookup sets it) */
};

#define VTOI(vp)	((struct cd9660_node *)(vp)->v_data)
#define VFSTOISO(mp)	((struct cd9660_mount *)(mp)->mnt_data)
#define ISO_SECTODB(s)	((daddr_t)(s) << (ISO_SECSHIFT - DEV_BSHIFT))

/*
 * A directory entry as readdir and lookup see it (cd9660_dir.c): the
 * name handed up, the node it names, and where the next entry starts
 * (past the other extents of a multi-extent file and older versions).
 */
struct cd9660_dent {
	uint64_t	de_off;		/* record's offset in the directory */
	uint64_t	de_next;
	ino_t		de_ino;
	int		de_type;	/* DT_* */
	bool		de_hidden;	/* relocated away, associated, bad */
	bool		de_reloc;	/* a CL entry: de_ino is elsewhere */
	size_t		de_namlen;
	char		de_name[RR_NAMEMAX + 1];
};

/* a walk over one directory's records; scratch sectors are its own */
struct cd9660_diter {
	struct cd9660_node *di_dp;
	uint8_t		*di_sec;	/* a copy of directory sector... */
	int64_t		di_secno;	/* ...di_secno, or -1 */
	uint8_t		*di_ce;		/* a continuation area's sector */
	uint8_t		di_raw[256];	/* the record's ISO identifier */
	size_t		di_rawlen;
};

extern const struct vnodeops cd9660_vnodeops;

/* cd9660_subr.c */
int cd9660_corrupt(struct cd9660_mount *imp, uint64_t where,
    const char *why);
int cd9660_readsec(struct cd9660_mount *imp, uint64_t sec, uint8_t *buf);
bool cd9660_extent_ok(struct cd9660_mount *imp, uint32_t lba, uint64_t len);

/* cd9660_rrwalk.c: the SUSP entries of a record, CE areas followed */
int cd9660_rrwalk(struct cd9660_mount *imp, const struct iso_drec *dr,
    uint64_t where, uint8_t *cebuf, struct cd9660_rr *rr);
bool cd9660_rr_isreloc(struct cd9660_mount *imp, uint32_t lba);

/* cd9660_dir.c */
int cd9660_diter_init(struct cd9660_diter *di, struct cd9660_node *dp);
void cd9660_diter_done(struct cd9660_diter *di);
int cd9660_diter_next(struct cd9660_diter *di, uint64_t off,
    struct cd9660_dent *de);

/* cd9660_node.c */
int cd9660_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key);
int cd9660_reclaim(struct vop_reclaim_args *ap);
int cd9660_node_ext(struct cd9660_node *ip, uint64_t lsec, uint64_t *psec,
    uint64_t *runp);

/* cd9660_lookup.c, cd9660_readdir.c, cd9660_read.c */
int cd9660_lookup(struct vop_lookup_args *ap);
int cd9660_readdir(struct vop_readdir_args *ap);
int cd9660_readraw(struct cd9660_node *ip, struct uio *uio, uint64_t size);
int cd9660_read(struct vop_read_args *ap);
int cd9660_bmap(struct vop_bmap_args *ap);
int cd9660_strategy(struct vop_strategy_args *ap);

/* cd9660_zread.c */
int cd9660_zisofs_open(struct cd9660_node *ip, struct cd9660_rr *rr);
int cd9660_zisofs_strategy(struct vnode *vp, struct buf *bp);

/* cd9660_session.c: what the descriptor set of one session offers */
struct cd9660_vdset {
	uint8_t		vs_proot[ISO_DR_MIN];	/* primary's root record */
	uint8_t		vs_jroot[ISO_DR_MIN];	/* Joliet's, if any */
	bool		vs_joliet;
	uint32_t	vs_volspace;
};
int cd9660_vdset_read(struct cd9660_mount *imp, uint64_t start,
    uint8_t *sec, struct cd9660_vdset *vs, bool quiet);
int cd9660_session(struct cd9660_mount *imp, uint32_t want, uint8_t *sec,
    uint64_t *startp);

/* cd9660_mount.c */
int cd9660_mountfs(struct vnode *devvp, struct mount *mp,
    const struct cd9660_args *args, const char *fspec);

#endif /* _CD9660_H_ */
