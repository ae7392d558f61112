/*
 * The layout, sector by sector:
 *
 *	0-15 system area | 16 PVD | boot record | Joliet SVD | terminator
 *	| path tables L, M (Joliet's L, M) | boot catalog | directories
 *	| Joliet directories | Rock Ridge continuation areas | boot image
 *	| file data in tree order | 150 sectors of padding
 *
 * Every size is known before anything is written, so the image is the
 * same for the same tree and -T.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cd9660.h"

#define C9_PADSECS	150		/* 300 KiB, as readers expect */

/* directories' sizes, then their extents, one tree */
static int
c9_plan_dirs(struct c9_opts *co, const struct mkfs_opts *o,
    struct c9_image *im, bool jol, uint32_t *next)
{
	struct c9_node **v = jol ? im->jdirs : im->dirs;
	size_t n = jol ? im->njdirs : im->ndirs, i;
	uint32_t size;

	for (i = 0; i < n; i++) {
		if (c9_dir_emit(co, im, o, v[i], jol, NULL, NULL, &size) != 0)
			return -1;
		if (jol) {
			v[i]->jsize = size;
			v[i]->jlba = *next;
		} else {
			v[i]->size = size;
			v[i]->lba = *next;
		}
		*next += size / C9_SECTOR;
	}
	return 0;
}

static uint64_t
c9_plan_files(struct c9_image *im, uint64_t next)
{
	for (size_t i = 0; i < im->nfiles; i++) {
		struct c9_node *f = im->files[i];

		f->datasize = (uint64_t)f->src->st.st_size;
		f->datalba = f->datasize > 0 ? next : 0;
		next += mkfs_howmany(f->datasize, C9_SECTOR);
	}
	return next;
}

/* the sectors before the directories */
static uint32_t
c9_plan_head(const struct c9_opts *co, struct c9_image *im)
{
	uint32_t next = 16;

	im->pvd = next++;
	if (co->bootfile != NULL)
		im->brvd = next++;
	if (co->joliet)
		im->svd = next++;
	im->term = next++;
	im->ptsize = c9_ptsize(im, false);
	im->lpt = next;
	next += (uint32_t)mkfs_howmany(im->ptsize, C9_SECTOR);
	im->mpt = next;
	next += (uint32_t)mkfs_howmany(im->ptsize, C9_SECTOR);
	if (co->joliet) {
		im->jptsize = c9_ptsize(im, true);
		im->jlpt = next;
		next += (uint32_t)mkfs_howmany(im->jptsize, C9_SECTOR);
		im->jmpt = next;
		next += (uint32_t)mkfs_howmany(im->jptsize, C9_SECTOR);
	}
	if (co->bootfile != NULL)
		im->catalog = next++;
	return next;
}

/* -s, -m, -M against what the tree needs */
static int
c9_plan_size(const struct mkfs_opts *o, struct c9_image *im,
    uint64_t *sizep)
{
	uint64_t size = im->sectors * C9_SECTOR;

	if (o->maxsize != 0 && size > o->maxsize) {
		mkfs_warnx("%s: tree too big: %llu bytes, more than the "
		    "%llu allowed", o->image, (unsigned long long)size,
		    (unsigned long long)o->maxsize);
		return -1;
	}
	if (size < o->minsize)
		size = mkfs_roundup(o->minsize, C9_SECTOR);
	if (size / C9_SECTOR > UINT32_MAX) {
		mkfs_warnx("%s: %llu bytes is past ISO 9660's volume size",
		    o->image, (unsigned long long)size);
		return -1;
	}
	im->sectors = size / C9_SECTOR;
	*sizep = size;
	return 0;
}

/* every extent; 0, or -1 after one line */
static int
c9_plan_all(struct c9_opts *co, const struct mkfs_opts *o,
    const struct mkfs_tree *t, struct c9_image *im)
{
	uint32_t next;

	im->now = o->timeset ? o->timestamp : (int64_t)time(NULL);
	if (c9_boot_plan(co, im) != 0 || c9_tree(co, o, t, im) != 0)
		return -1;
	next = c9_plan_head(co, im);
	im->ceoff = 0;
	if (c9_plan_dirs(co, o, im, false, &next) != 0 ||
	    (co->joliet && c9_plan_dirs(co, o, im, true, &next) != 0))
		return -1;
	im->celba = next;
	im->cesecs = (uint32_t)mkfs_howmany(im->ceoff, C9_SECTOR);
	next += im->cesecs;
	im->bootlba = next;
	next += im->bootsecs;
	im->sectors = c9_plan_files(im, next) + (co->nopad ? 0 : C9_PADSECS);
	return 0;
}

/* the plan stays in co->img for c9_format(), which frees it */
int
c9_plan(void *fsopts, const struct mkfs_opts *o, const struct mkfs_tree *t,
    uint64_t *sizep)
{
	struct c9_opts *co = fsopts;
	struct c9_image *im = calloc(1, sizeof(*im));

	if (im == NULL) {
		mkfs_warnx("%s: out of memory", o->image);
		return -1;
	}
	if (c9_plan_all(co, o, t, im) != 0 || c9_plan_size(o, im, sizep) != 0) {
		c9_tree_free(im);
		free(im);
		return -1;
	}
	co->img = im;
	co->tree = t;
	return 0;
}
