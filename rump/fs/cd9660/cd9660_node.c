/*
 * Nodes: vfs_loadvnode reads the directory record a file number names
 * (see cd9660.h), collects the other records of a file in several
 * extents, and takes mode, owner, links, times, device, link target and
 * zisofs parameters from Rock Ridge when the mount uses it, or the
 * ISO 9660 defaults (r-x for everyone, the recording date) otherwise.
 * Every extent is checked against the image before the node exists.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/kmem.h>
#include <sys/genfs.h>

#include "cd9660.h"

/* a record as loadvnode reads it: the sector copy and a CE scratch */
struct cd9660_load {
	struct cd9660_mount *ld_imp;
	uint8_t		*ld_sec;
	uint8_t		*ld_ce;
	char		*ld_link;	/* CD9660_SYMLINK_MAX + 1 bytes */
	uint64_t	ld_secno;
	size_t		ld_pos;
	struct iso_drec	ld_dr;
};

static void
node_free(struct cd9660_node *ip)
{
	if (ip->in_ext != NULL)
		kmem_free(ip->in_ext, ip->in_next * sizeof(*ip->in_ext));
	if (ip->in_link != NULL)
		kmem_free(ip->in_link, ip->in_linklen + 1);
	kmem_free(ip, sizeof(*ip));
}

/* the record at ld_secno:ld_pos, or after unused bytes, the next one */
static int
node_record(struct cd9660_load *ld, bool reread)
{
	const char *why = NULL;
	int error;

	if (reread && (error = cd9660_readsec(ld->ld_imp, ld->ld_secno,
	    ld->ld_sec)) != 0)
		return error;
	error = cd9660_drec_parse(ld->ld_sec, ISO_SECSIZE, ld->ld_pos,
	    &ld->ld_dr, &why);
	if (error == EIO)
		return cd9660_corrupt(ld->ld_imp, (ld->ld_secno <<
		    ISO_SECSHIFT) + ld->ld_pos, why);
	return error;
}

/* sectors an extent of len bytes covers, interleaving counted */
static uint64_t
node_span(uint64_t len, unsigned unit, unsigned gap)
{
	uint64_t n = (len + ISO_SECSIZE - 1) >> ISO_SECSHIFT;

	if (unit == 0 || n == 0)
		return n;
	return (n - 1) / unit * (unit + gap) + (n - 1) % unit + 1;
}

static int
node_addext(struct cd9660_node *ip, const struct iso_drec *dr, uint64_t where)
{
	struct cd9660_mount *imp = ip->in_imp;
	struct cd9660_extent *ne;
	uint64_t lba = (uint64_t)dr->dr_extent + dr->dr_xar;
	uint64_t span = node_span(dr->dr_size, dr->dr_unit, dr->dr_gap);

	if (ip->in_next == CD9660_MAXEXTENTS)
		return cd9660_corrupt(imp, where, "too many extents");
	if (dr->dr_size > 0 && (lba >= imp->im_nsec ||
	    span > imp->im_nsec - lba))
		return cd9660_corrupt(imp, where, "extent past the image end");
	if (ip->in_next > 0 && (ip->in_ext[ip->in_next - 1].ie_len &
	    (ISO_SECSIZE - 1)) != 0)
		return cd9660_corrupt(imp, where,
		    "a part of a file that is not whole sectors");
	/* the array grows by powers of two: keep it exactly full */
	if ((ip->in_next & (ip->in_next - 1)) == 0) {
		ne = kmem_alloc(MAX(1u, 2 * ip->in_next) * sizeof(*ne),
		    KM_SLEEP);
		if (ne == NULL)
			return ENOMEM;
		if (ip->in_next > 0) {
			memcpy(ne, ip->in_ext, ip->in_next * sizeof(*ne));
			kmem_free(ip->in_ext, ip->in_next * sizeof(*ne));
		}
		ip->in_ext = ne;
	}
	ip->in_ext[ip->in_next].ie_lba = (uint32_t)lba;
	ip->in_ext[ip->in_next].ie_len = dr->dr_size;
	ip->in_next++;
	ip->in_rawsize += dr->dr_size;
	return 0;
}

/* the other extents of a multi-extent file: the records after its own */
static int
node_multi(struct cd9660_node *ip, struct cd9660_load *ld)
{
	uint8_t name[256];
	size_t namelen = ld->ld_dr.dr_namelen;
	unsigned steps;
	int error;

	memcpy(name, ld->ld_dr.dr_name, namelen);
	for (steps = 0; ld->ld_dr.dr_flags & ISO_DRF_MULTI; steps++) {
		if (steps == CD9660_MAXEXTENTS)
			return cd9660_corrupt(ld->ld_imp, ld->ld_secno <<
			    ISO_SECSHIFT, "multi-extent file without end");
		ld->ld_pos += ld->ld_dr.dr_len;
		error = node_record(ld, false);
		if (error == ENOENT) {
			ld->ld_secno++;
			ld->ld_pos = 0;
			error = node_record(ld, true);
		}
		if (error == ENOENT || (error == 0 &&
		    (ld->ld_dr.dr_namelen != namelen ||
		    memcmp(ld->ld_dr.dr_name, name, namelen) != 0)))
			return cd9660_corrupt(ld->ld_imp, (ld->ld_secno <<
			    ISO_SECSHIFT) + ld->ld_pos,
			    "multi-extent file without its last part");
		if (error == 0)
			error = node_addext(ip, &ld->ld_dr,
			    (ld->ld_secno << ISO_SECSHIFT) + ld->ld_pos);
		if (error != 0)
			return error;
	}
	return 0;
}

/* Rock Ridge attributes over the ISO 9660 defaults */
static int
node_rrip(struct cd9660_node *ip, struct cd9660_load *ld)
{
	struct cd9660_mount *imp = ip->in_imp;
	struct cd9660_rr rr;
	uint64_t where = (ld->ld_secno << ISO_SECSHIFT) + ld->ld_pos;
	int error;

	memset(&rr, 0, sizeof(rr));
	rr.rr_link = ld->ld_link;
	rr.rr_linkmax = CD9660_SYMLINK_MAX + 1;
	if ((error = cd9660_rrwalk(imp, &ld->ld_dr, where, ld->ld_ce,
	    &rr)) != 0)
		return error;
	if (rr.rr_have & RR_PX) {
		if (IFTOVT(rr.rr_mode) == VNON || IFTOVT(rr.rr_mode) == VBAD ||
		    S_ISDIR(rr.rr_mode) != S_ISDIR(ip->in_mode))
			return cd9660_corrupt(imp, where,
			    "PX file type disagrees with the record");
		ip->in_mode = rr.rr_mode & (S_IFMT | ALLPERMS);
		ip->in_nlink = rr.rr_nlink;
		ip->in_uid = rr.rr_uid;
		ip->in_gid = rr.rr_gid;
	}
	if (rr.rr_have & RR_PN)
		ip->in_rdev = makedev(rr.rr_devmajor, rr.rr_devminor);
	if (rr.rr_tfmask & (1u << RR_T_MODIFY))
		ip->in_mtime = rr.rr_time[RR_T_MODIFY];
	if (rr.rr_tfmask & (1u << RR_T_ACCESS))
		ip->in_atime = rr.rr_time[RR_T_ACCESS];
	if (rr.rr_tfmask & (1u << RR_T_ATTR))
		ip->in_ctime = rr.rr_time[RR_T_ATTR];
	if (rr.rr_tfmask & (1u << RR_T_CREATE))
		ip->in_btime = rr.rr_time[RR_T_CREATE];
	if (S_ISLNK(ip->in_mode)) {
		if (rr.rr_sltoolong || !(rr.rr_have & RR_SL))
			return cd9660_corrupt(imp, where, rr.rr_sltoolong ?
			    "symbolic link target too long" :
			    "symbolic link without SL entries");
		ip->in_linklen = rr.rr_linklen;
		ip->in_link = kmem_alloc(rr.rr_linklen + 1, KM_SLEEP);
		if (ip->in_link == NULL)
			return ENOMEM;
		memcpy(ip->in_link, ld->ld_link, rr.rr_linklen + 1);
		ip->in_size = rr.rr_linklen;
	}
	if ((rr.rr_have & RR_ZF) && S_ISREG(ip->in_mode))
		return cd9660_zisofs_open(ip, &rr);
	return 0;
}

/* a directory's parent, from its ".." record (Rock Ridge: PL's) */
static int
node_parent(struct cd9660_node *ip, struct cd9660_load *ld)
{
	struct cd9660_rr rr;
	int error;

	ld->ld_pos = ld->ld_dr.dr_len;
	if (node_record(ld, false) != 0 || !cd9660_drec_isdotdot(&ld->ld_dr))
		return cd9660_corrupt(ip->in_imp, ld->ld_secno << ISO_SECSHIFT,
		    "directory without its '..' record");
	ip->in_parent = ld->ld_dr.dr_extent + ld->ld_dr.dr_xar;
	/*
	 * libisofs writes a Joliet directory's '..' as the directory
	 * itself: its parent is then the one lookup finds it in.
	 */
	if (ip->in_parent == ld->ld_secno && ip->in_number !=
	    ip->in_imp->im_rootino)
		ip->in_parent = 0;
	if (ip->in_imp->im_names != CD9660_RRIP)
		return 0;
	/* a relocated directory's real parent is its PL's */
	memset(&rr, 0, sizeof(rr));
	if ((error = cd9660_rrwalk(ip->in_imp, &ld->ld_dr, (ld->ld_secno <<
	    ISO_SECSHIFT) + ld->ld_pos, ld->ld_ce, &rr)) != 0)
		return error;
	if (rr.rr_have & RR_PL)
		ip->in_parent = rr.rr_pl;
	return 0;
}

static int
node_fill(struct cd9660_node *ip, struct cd9660_load *ld)
{
	const struct iso_drec *dr = &ld->ld_dr;
	uint64_t where = ip->in_number;
	bool isdir = (dr->dr_flags & ISO_DRF_DIR) != 0;
	struct timespec ts;
	bool reread;
	int error;

	if (cd9660_drec_isdot(dr) != isdir || (isdir && (ld->ld_pos != 0 ||
	    (uint64_t)dr->dr_extent + dr->dr_xar != ld->ld_secno)))
		return cd9660_corrupt(ip->in_imp, where, isdir ?
		    "directory whose '.' names another place" :
		    "'.' record of something not a directory");
	ip->in_mode = (isdir ? S_IFDIR : S_IFREG) | 0555;
	ip->in_nlink = isdir ? 2 : 1;
	(void)cd9660_time7(dr->dr_date, &ts);
	ip->in_atime = ip->in_mtime = ip->in_ctime = ip->in_btime = ts;
	if (isdir && dr->dr_unit != 0)
		return cd9660_corrupt(ip->in_imp, where,
		    "interleaved directory");
	ip->in_unit = dr->dr_unit;
	ip->in_gap = dr->dr_gap;
	if ((error = node_addext(ip, dr, where)) != 0)
		return error;
	if ((dr->dr_flags & ISO_DRF_MULTI) && dr->dr_unit != 0)
		return cd9660_corrupt(ip->in_imp, where,
		    "interleaved file in several extents");
	if ((error = node_multi(ip, ld)) != 0)
		return error;
	ip->in_size = ip->in_rawsize;
	/* the attributes of the record the number names */
	reread = ld->ld_secno != ip->in_number >> ISO_SECSHIFT;
	ld->ld_secno = ip->in_number >> ISO_SECSHIFT;
	ld->ld_pos = (size_t)(ip->in_number & (ISO_SECSIZE - 1));
	if ((error = node_record(ld, reread)) != 0)
		return error == ENOENT ? EIO : error;
	if (ip->in_imp->im_names == CD9660_RRIP &&
	    (error = node_rrip(ip, ld)) != 0)
		return error;
	if (isdir)
		return node_parent(ip, ld);
	return 0;
}

static void
node_setup(struct vnode *vp, struct cd9660_node *ip, const void **new_key)
{
	ip->in_vnode = vp;
	/* hard links share their data: same extent, same st_ino */
	ip->in_fileid = (S_ISREG(ip->in_mode) && ip->in_rawsize > 0) ?
	    (uint64_t)ip->in_ext[0].ie_lba << ISO_SECSHIFT : ip->in_number;
	/* zisofs buffers are inflated blocks; VOP_BMAP maps sectors */
	ip->in_bshift = ip->in_zbshift != 0 ? ip->in_zbshift : ISO_SECSHIFT;
	vp->v_data = ip;
	vp->v_op = &cd9660_vnodeops;
	vp->v_type = IFTOVT(ip->in_mode);
	vp->v_size = (off_t)ip->in_size;
	if (vp->v_type == VCHR || vp->v_type == VBLK)
		vp->v_rdev = ip->in_rdev;
	if (ip->in_number == ip->in_imp->im_rootino)
		vp->v_vflag |= VV_ROOT;
	*new_key = &ip->in_number;
}

static int
node_load(struct cd9660_mount *imp, ino_t ino, struct cd9660_node *ip)
{
	struct cd9660_load ld;
	int error;

	memset(&ld, 0, sizeof(ld));
	ld.ld_imp = imp;
	ld.ld_secno = ino >> ISO_SECSHIFT;
	ld.ld_pos = (size_t)(ino & (ISO_SECSIZE - 1));
	ld.ld_sec = kmem_alloc(2 * ISO_SECSIZE + CD9660_SYMLINK_MAX + 1,
	    KM_SLEEP);
	if (ld.ld_sec == NULL)
		return ENOMEM;
	ld.ld_ce = ld.ld_sec + ISO_SECSIZE;
	ld.ld_link = (char *)ld.ld_ce + ISO_SECSIZE;
	error = node_record(&ld, true);
	if (error == 0)
		error = node_fill(ip, &ld);
	kmem_free(ld.ld_sec, 2 * ISO_SECSIZE + CD9660_SYMLINK_MAX + 1);
	return error;
}

int
cd9660_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key)
{
	struct cd9660_mount *imp = VFSTOISO(mp);
	struct cd9660_node *ip;
	ino_t ino;
	int error;

	if ((error = genfs_vcache_ino(key, key_len, &ino)) != 0)
		return error;
	if ((ino >> ISO_SECSHIFT) >= imp->im_nsec ||
	    (ino & (ISO_SECSIZE - 1)) > ISO_SECSIZE - ISO_DR_MIN)
		return ENOENT;
	if ((ip = kmem_zalloc(sizeof(*ip), KM_SLEEP)) == NULL)
		return ENOMEM;
	ip->in_imp = imp;
	ip->in_number = ino;
	if ((error = node_load(imp, ino, ip)) != 0) {
		node_free(ip);
		return error;
	}
	node_setup(vp, ip, new_key);
	return 0;
}

int
cd9660_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;

	node_free(VTOI(vp));
	vp->v_data = NULL;
	return 0;
}

/*
 * The image sector of the file's sector lsec and, in *runp unless NULL,
 * how many sectors from there on the file holds contiguously (to the end
 * of the extent, or of the interleaving unit).
 */
int
cd9660_node_ext(struct cd9660_node *ip, uint64_t lsec, uint64_t *psec,
    uint64_t *runp)
{
	uint64_t n, run;
	unsigned i, unit = ip->in_unit;

	for (i = 0; i < ip->in_next; i++) {
		n = ((uint64_t)ip->in_ext[i].ie_len + ISO_SECSIZE - 1) >>
		    ISO_SECSHIFT;
		if (lsec < n) {
			run = n - lsec;
			if (unit != 0) {
				run = MIN(run, unit - lsec % unit);
				lsec = lsec / unit * (unit + ip->in_gap) +
				    lsec % unit;
			}
			*psec = ip->in_ext[i].ie_lba + lsec;
			if (runp != NULL)
				*runp = run;
			return 0;
		}
		lsec -= n;
	}
	return EINVAL;
}
