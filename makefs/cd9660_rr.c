/*
 * Rock Ridge (SUSP 1.12, RRIP 1.12): the system use entries of one
 * directory record, whole, in the order a reader meets them: SP and ER
 * in the root's "."; PX (mode, links, owner, group, serial), TF, PN for
 * devices, NM for the name, SL for a symbolic link's target, RE, CL and
 * PL for a directory moved out of a too deep tree.
 */
#include <errno.h>
#include <sys/sysmacros.h>
#include <string.h>
#include <unistd.h>

#include "cd9660.h"

#define RR_NMMAX	250		/* name bytes in one NM */
#define RR_SLMAX	250		/* component bytes in one SL */
#define RR_COMPMAX	248		/* a component record's bytes */

static const char rr_id[] = "RRIP_1991A";
static const char rr_des[] = "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES "
    "SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
static const char rr_src[] = "PLEASE CONTACT DISC PUBLISHER FOR "
    "SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME "
    "DESCRIPTOR FOR CONTACT INFORMATION.";

/* a new entry's header; its body follows at the returned pointer */
static unsigned char *
rr_entry(struct c9_su *su, const char *sig, size_t len)
{
	unsigned char *p = su->b + su->len;

	if (su->len + len > sizeof(su->b))
		return NULL;	/* never: names and links are bounded */
	p[0] = (unsigned char)sig[0];
	p[1] = (unsigned char)sig[1];
	p[2] = (unsigned char)len;
	p[3] = 1;
	su->len += len;
	return p + 4;
}

static void
rr_px(struct c9_su *su, const struct c9_node *n, const struct stat *st)
{
	unsigned char *p = rr_entry(su, "PX", 44);

	if (p == NULL)
		return;
	c9_both32(p, n->src != NULL ? (uint32_t)st->st_mode : S_IFDIR | 0555);
	c9_both32(p + 8, n->first != NULL ? n->first->nlink : n->nlink);
	c9_both32(p + 16, n->src != NULL ? (uint32_t)st->st_uid : 0);
	c9_both32(p + 24, n->src != NULL ? (uint32_t)st->st_gid : 0);
	c9_both32(p + 32, n->ino);
}

static void
rr_tf(struct c9_su *su, const struct c9_image *im, const struct c9_node *n,
    const struct mkfs_opts *o)
{
	unsigned char *p = rr_entry(su, "TF", 5 + 3 * 7);
	const struct stat *st = n->src != NULL ? &n->src->st : NULL;

	if (p == NULL)
		return;
	p[0] = 0x0e;		/* modify, access, attributes */
	if (o->timeset || st == NULL) {
		for (int i = 0; i < 3; i++)
			c9_time7(p + 1 + 7 * i, im->now);
		return;
	}
	c9_time7(p + 1, st->st_mtim.tv_sec);
	c9_time7(p + 8, st->st_atim.tv_sec);
	c9_time7(p + 15, st->st_ctim.tv_sec);
}

/*
 * PN as xorriso writes it: a zero high half and the 32-bit packed device
 * number (major in bits 8-19, minor in bits 0-7 and 20-31), which
 * libisofs, Linux and NetBSD all read; a number too wide for that packing
 * goes as major and minor in the two halves, as genisoimage writes it.
 */
static void
rr_pn(struct c9_su *su, const struct stat *st)
{
	unsigned char *p = rr_entry(su, "PN", 20);
	uint32_t maj = major(st->st_rdev), min = minor(st->st_rdev);

	if (p == NULL)
		return;
	if (maj <= 0xfff && min <= 0xfffff) {
		c9_both32(p, 0);
		c9_both32(p + 8, (maj << 8) | (min & 0xff) |
		    ((min & 0xfff00) << 12));
	} else {
		c9_both32(p, maj);
		c9_both32(p + 8, min);
	}
}

static void
rr_nm(struct c9_su *su, const char *name)
{
	size_t len = strlen(name), k;
	unsigned char *p;

	do {
		k = len > RR_NMMAX ? RR_NMMAX : len;
		if ((p = rr_entry(su, "NM", 5 + k)) == NULL)
			return;
		p[0] = len > k;		/* CONTINUE */
		memcpy(p + 1, name, k);
		name += k;
		len -= k;
	} while (len > 0);
}

/* one SL entry of the component records in comp */
static void
rr_sl_entry(struct c9_su *su, const unsigned char *comp, size_t len,
    bool more)
{
	unsigned char *p = rr_entry(su, "SL", 5 + len);

	if (p == NULL)
		return;
	p[0] = more;
	memcpy(p + 1, comp, len);
}

/* one component record, after the SL entry so far if it is full */
static void
rr_comp(struct c9_su *su, unsigned char *comp, size_t *clen,
    unsigned flags, const char *s, size_t k)
{
	if (*clen + 2 + k > RR_SLMAX) {
		rr_sl_entry(su, comp, *clen, true);
		*clen = 0;
	}
	comp[*clen] = (unsigned char)flags;
	comp[*clen + 1] = (unsigned char)k;
	memcpy(comp + *clen + 2, s, k);
	*clen += 2 + k;
}

/*
 * The target as component records (RRIP 4.1.3.1: ROOT, CURRENT, PARENT,
 * a name cut with CONTINUE), cut into SL entries between records; a
 * trailing slash is an empty last component.
 */
static void
rr_sl(struct c9_su *su, const char *target)
{
	unsigned char comp[RR_SLMAX];
	size_t clen = 0, len, k;
	const char *s = target, *e;
	unsigned flags;

	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = strchrnul(s, '/');
		len = (size_t)(e - s);
		flags = s == target && *s == '/' ? 0x08 : len == 1 &&
		    *s == '.' ? 0x02 : len == 2 && s[0] == '.' &&
		    s[1] == '.' ? 0x04 : 0;
		if (len == 0 && flags == 0)
			continue;	/* "a//b" */
		if (flags != 0)
			len = 0;
		do {
			k = len > RR_COMPMAX ? RR_COMPMAX : len;
			rr_comp(su, comp, &clen, flags | (len > k), s, k);
			s += k;
			len -= k;
		} while (len > 0);
	}
	if (s > target + 1 && s[-1] == '/')
		rr_comp(su, comp, &clen, 0, s, 0);
	rr_sl_entry(su, comp, clen, false);
}

static void
rr_loc(struct c9_su *su, const char *sig, uint32_t lba)
{
	unsigned char *p = rr_entry(su, sig, 12);

	if (p != NULL)
		c9_both32(p, lba);
}

static void
rr_er(struct c9_su *su)
{
	size_t li = strlen(rr_id), ld = strlen(rr_des), ls = strlen(rr_src);
	unsigned char *p = rr_entry(su, "ER", 8 + li + ld + ls);

	if (p == NULL)
		return;
	p[0] = (unsigned char)li;
	p[1] = (unsigned char)ld;
	p[2] = (unsigned char)ls;
	p[3] = 1;
	memcpy(p + 4, rr_id, li);
	memcpy(p + 4 + li, rr_des, ld);
	memcpy(p + 4 + li + ld, rr_src, ls);
}

/* the target of a symbolic link; -1 after one line */
static int
rr_target(const struct c9_node *n, char *buf, size_t size)
{
	ssize_t len = readlink(n->src->host, buf, size - 1);

	if (len < 0) {
		mkfs_warnx("%s: %s", n->src->host, strerror(errno));
		return -1;
	}
	buf[len] = '\0';
	return 0;
}

/* the node whose attributes a record gives */
static const struct c9_node *
rr_subject(const struct c9_node *n, enum c9_rec rec)
{
	if (rec != C9_DOTDOT)
		return n->reloc != NULL ? n->reloc : n;
	return n->rrparent != NULL ? n->rrparent : n;
}

int
c9_rr_entries(const struct c9_image *im, const struct c9_node *n,
    enum c9_rec rec, const struct mkfs_opts *o, struct c9_su *su)
{
	const struct c9_node *s = rr_subject(n, rec);
	const struct stat *st = s->src != NULL ? &s->src->st : NULL;
	char target[4096];
	unsigned char *p;

	su->len = 0;
	if (rec == C9_DOT && n == im->root && (p = rr_entry(su, "SP", 7))) {
		p[0] = 0xbe;
		p[1] = 0xef;
		p[2] = 0;
	}
	if (rec == C9_SELF && n->moved != NULL)
		(void)rr_entry(su, "RE", 4);
	rr_px(su, s, st);
	rr_tf(su, im, s, o);
	if (st != NULL && (S_ISBLK(st->st_mode) || S_ISCHR(st->st_mode)))
		rr_pn(su, st);
	if (rec == C9_SELF)
		rr_nm(su, n->src != NULL ? n->src->name : "rr_moved");
	if (rec == C9_SELF && st != NULL && S_ISLNK(st->st_mode)) {
		if (rr_target(n, target, sizeof(target)) != 0)
			return -1;
		rr_sl(su, target);
	}
	if (rec == C9_SELF && n->reloc != NULL)
		rr_loc(su, "CL", n->reloc->lba);
	if (rec == C9_DOTDOT && n->moved != NULL)
		rr_loc(su, "PL", n->rrparent->lba);
	if (rec == C9_DOT && n == im->root)
		rr_er(su);
	return 0;
}

/* the entries at from that fit room bytes, whole */
static size_t
rr_fit(const struct c9_su *su, size_t from, size_t room)
{
	size_t k = from;

	while (k < su->len && k + su->b[k + 2] - from <= room)
		k += su->b[k + 2];
	return k - from;
}

/* bytes of su in the record: all, or what leaves room for a CE */
size_t
c9_rr_split(const struct c9_su *su, size_t room)
{
	if (su->len <= room)
		return su->len;
	return rr_fit(su, 0, room - 28);
}

static void
rr_ce(unsigned char *p, uint32_t lba, uint32_t off, uint32_t len)
{
	p[0] = 'C';
	p[1] = 'E';
	p[2] = 28;
	p[3] = 1;
	c9_both32(p + 4, lba);
	c9_both32(p + 12, off);
	c9_both32(p + 20, len);
}

/*
 * The entries of su from from on into continuation areas, a CE at
 * rec (NULL: only count the space).  An area stays in one sector, as
 * readers take it; more than a sector's worth chains on.
 */
void
c9_rr_ce(struct c9_image *im, const struct c9_su *su, size_t from,
    unsigned char *rec, unsigned char *ce)
{
	size_t k, len;

	while (from < su->len) {
		k = rr_fit(su, from, C9_SECTOR);
		len = from + k == su->len ? k : rr_fit(su, from,
		    C9_SECTOR - 28) + 28;
		if (im->ceoff % C9_SECTOR + len > C9_SECTOR)
			im->ceoff = (uint32_t)mkfs_roundup(im->ceoff,
			    C9_SECTOR);
		if (rec != NULL) {
			rr_ce(rec, im->celba + im->ceoff / C9_SECTOR,
			    im->ceoff % C9_SECTOR, (uint32_t)len);
			memcpy(ce + im->ceoff, su->b + from, len);
			rec = ce + im->ceoff + len - 28;
		}
		from += from + k == su->len ? k : len - 28;
		im->ceoff += (uint32_t)len;
	}
}
