/*
 * The image as planned (cd9660_plan.c): descriptors, path tables, boot
 * catalog and image, directories, then every file's bytes.  A file that
 * changed size since the tree was read is an error, not a short file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd9660.h"

#define C9_COPYBUF	(1u << 20)

/*
 * Where the next data is at or after pos in the file: its holes read as
 * zeros and the image, made by ftruncate, already holds zeros there.
 */
static uint64_t
c9_skiphole(int in, uint64_t pos, uint64_t end)
{
	off_t d = lseek(in, (off_t)pos, SEEK_DATA);

	if (d < 0)
		return errno == ENXIO ? end : pos;
	return (uint64_t)d < end ? (uint64_t)d : end;
}

/* size bytes of host at off; -1 after one line */
int
c9_copy(const char *host, int fd, uint64_t off, uint64_t size)
{
	static unsigned char *buf;
	uint64_t pos = 0, skip;
	int in, r = 0;
	ssize_t n;

	if (buf == NULL && (buf = malloc(C9_COPYBUF)) == NULL) {
		mkfs_warnx("%s: %s", host, strerror(ENOMEM));
		return -1;
	}
	if ((in = open(host, O_RDONLY | O_NOFOLLOW)) == -1) {
		mkfs_warnx("%s: %s", host, strerror(errno));
		return -1;
	}
	while (pos < size && r == 0) {
		if (pos % C9_COPYBUF == 0) {
			skip = c9_skiphole(in, pos, size);
			skip -= skip % C9_SECTOR;
			if (skip > pos) {
				pos = skip;
				continue;
			}
		}
		n = pread(in, buf, (size_t)(size - pos < C9_COPYBUF -
		    pos % C9_COPYBUF ? size - pos : C9_COPYBUF -
		    pos % C9_COPYBUF), (off_t)pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			mkfs_warnx("%s: %s", host, n < 0 ? strerror(errno) :
			    "shorter than when the tree was read");
			r = -1;
		} else if (mkfs_pwrite(fd, buf, (size_t)n, off + pos) != 0) {
			mkfs_warnx("%s: %s", host, strerror(errno));
			r = -1;
		}
		pos += n > 0 ? (uint64_t)n : 0;
	}
	close(in);
	return r;
}

/* the files' data, with the progress line on a terminal */
static int
c9_write_files(const struct c9_image *im, const struct mkfs_tree *t, int fd)
{
	struct mkfs_progress p;

	mkfs_progress_init(&p, t);
	for (size_t i = 0; i < im->nfiles; i++) {
		const struct c9_node *f = im->files[i];

		if (f->datasize > 0 && c9_copy(f->src->host, fd,
		    f->datalba * C9_SECTOR, f->datasize) != 0)
			return -1;
		p.files++;
		p.bytes += f->datasize;
		mkfs_progress(&p, false);
	}
	p.files = p.allfiles;	/* directories and links too */
	mkfs_progress(&p, true);
	return 0;
}

int
c9_format(void *fsopts, const struct mkfs_opts *o, int fd, uint64_t size)
{
	struct c9_opts *co = fsopts;
	struct c9_image *im = co->img;
	int r;

	(void)size;
	r = c9_write_vds(co, o, im, fd);
	if (r == 0 && (c9_write_pt(im, fd, false) != 0 ||
	    (co->joliet && c9_write_pt(im, fd, true) != 0))) {
		mkfs_warnx("%s: %s", o->image, strerror(errno));
		r = -1;
	}
	if (r == 0)
		r = c9_write_boot(co, im, fd);
	if (r == 0)
		r = c9_write_dirs(co, o, im, fd);
	if (r == 0)
		r = c9_write_files(im, co->tree, fd);
	c9_tree_free(im);
	free(im);
	co->img = NULL;
	return r;
}
