/*
 * El Torito 1.0: a boot record descriptor pointing at the boot catalog,
 * whose validation entry and initial entry point at the boot image (a
 * host file, copied in whole).  x86 ("i386") only; an emulated floppy
 * must be 1.2, 1.44 or 2.88 MB, anything else needs no-emul-boot.
 */
#include <errno.h>
#include <string.h>

#include "cd9660.h"

#define C9_BOOTID	"EL TORITO SPECIFICATION"

/* the media type byte (2.0 table 9), or -1 after one line */
static int
c9_media(const struct c9_opts *co, uint64_t size)
{
	if (co->noemul)
		return 0;
	switch (size) {
	case 1200 * 1024: return 1;
	case 1440 * 1024: return 2;
	case 2880 * 1024: return 3;
	}
	mkfs_warnx("%s: %llu bytes is no floppy size: -o no-emul-boot is "
	    "needed", co->bootfile, (unsigned long long)size);
	return -1;
}

int
c9_boot_plan(const struct c9_opts *co, struct c9_image *im)
{
	struct stat st;

	if (co->bootfile == NULL)
		return 0;
	if (strcmp(co->bootsys, "i386") != 0) {
		mkfs_warnx("-o bootimage=%s;%s: only i386 is supported",
		    co->bootsys, co->bootfile);
		return -1;
	}
	if (stat(co->bootfile, &st) != 0) {
		mkfs_warnx("%s: %s", co->bootfile, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		mkfs_warnx("%s: not a regular file", co->bootfile);
		return -1;
	}
	im->bootsize = (uint64_t)st.st_size;
	if (c9_media(co, im->bootsize) < 0)
		return -1;
	im->bootsecs = (uint32_t)mkfs_howmany(im->bootsize, C9_SECTOR);
	return 0;
}

void
c9_boot_vd(const struct c9_image *im, unsigned char *sec)
{
	memset(sec, 0, C9_SECTOR);
	memcpy(sec + 1, "CD001", 5);
	sec[6] = 1;
	memcpy(sec + 7, C9_BOOTID, sizeof(C9_BOOTID) - 1);
	mkfs_le32(sec + 0x47, im->catalog);
}

/* the validation entry: its 16-bit words sum to 0 */
static void
c9_validation(unsigned char *p)
{
	uint32_t sum = 0;

	p[0] = 1;
	p[1] = 0;		/* 80x86 */
	p[30] = 0x55;
	p[31] = 0xaa;
	for (int i = 0; i < 32; i += 2)
		sum += (uint32_t)(p[i] | p[i + 1] << 8);
	mkfs_le16(p + 28, (uint32_t)(0x10000 - (sum & 0xffff)) & 0xffff);
}

int
c9_write_boot(const struct c9_opts *co, const struct c9_image *im, int fd)
{
	unsigned char sec[C9_SECTOR] = { 0 }, *e = sec + 32;
	uint64_t vsecs = mkfs_howmany(im->bootsize, 512);

	if (co->bootfile == NULL)
		return 0;
	c9_validation(sec);
	e[0] = co->noboot ? 0x00 : 0x88;
	e[1] = (unsigned char)c9_media(co, im->bootsize);
	/* load segment 0: the BIOS's 0x7c0 */
	mkfs_le16(e + 6, co->noemul ? (uint32_t)(vsecs > 0xffff ? 0xffff :
	    vsecs) : 1);
	mkfs_le32(e + 8, im->bootlba);
	if (mkfs_pwrite(fd, sec, C9_SECTOR,
	    (uint64_t)im->catalog * C9_SECTOR) != 0) {
		mkfs_warnx("%s: %s", co->bootfile, strerror(errno));
		return -1;
	}
	return c9_copy(co->bootfile, fd, (uint64_t)im->bootlba * C9_SECTOR,
	    im->bootsize);
}
