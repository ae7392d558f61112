/*
 * Partition suffixes on image names, resolved on the host side:
 *
 *	img%DISKLABEL:a%	a BSD disklabel in the first 64 KiB, or in
 *				a NetBSD/FreeBSD/OpenBSD MBR partition
 *	img%OFFSET:start,size%	a byte window
 *	img%PART:N%		MBR/GPT partition N, found by libblkid
 *
 * This is host code (it reads the image with pread and links libblkid),
 * so it lives in librumpuser.a, not in the kernel archive; ukfs and p2k
 * call it before registering the window as an etfs block device.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <blkid.h>

#include <rump/rump_etfs.h>

#include "etfs_part.h"

static __thread char part_errbuf[256];

const char *
rump_etfs_part_error(void)
{

	return part_errbuf;
}

int
etfs_part_fail(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(part_errbuf, sizeof(part_errbuf), fmt, ap);
	va_end(ap);
	return error;
}

/* a non-negative decimal number, nothing else */
static int
parse_num(const char *s, size_t len, uint64_t *vp)
{
	char buf[32], *end;
	long long v;

	if (len == 0 || len >= sizeof(buf))
		return len == 0 ? EINVAL : ERANGE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[0]) && buf[0] != '-' && buf[0] != '+')
		return EINVAL;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (*end != '\0')
		return EINVAL;
	if (errno == ERANGE || v < 0)
		return ERANGE;
	*vp = (uint64_t)v;
	return 0;
}

static int
parse_offset(const char *arg, size_t len, uint64_t *begin, uint64_t *size)
{
	const char *comma = memchr(arg, ',', len);
	int error;

	if (comma == NULL)
		return etfs_part_fail(EINVAL,
		    "OFFSET needs start,size: \"%.*s\"", (int)len, arg);
	if ((error = parse_num(arg, (size_t)(comma - arg), begin)) != 0 ||
	    (error = parse_num(comma + 1, len - (size_t)(comma - arg) - 1,
	    size)) != 0)
		return etfs_part_fail(error, "bad OFFSET \"%.*s\": %s",
		    (int)len, arg, error == ERANGE ? "out of range" :
		    "not a number");
	if (*size == 0)
		*size = RUMP_ETFS_SIZE_ENDOFF;
	else if (*begin > UINT64_MAX - *size)
		return etfs_part_fail(ERANGE, "OFFSET window overflows");
	return 0;
}

int
rump_etfs_part_probe(const char *hostpath, int partno, uint64_t *begin,
    uint64_t *size)
{
	blkid_probe pr;
	blkid_partlist pl;
	blkid_partition par;
	int i, n, error = ENOENT;

	if (partno < 1)
		return etfs_part_fail(EINVAL, "partition number %d: must be "
		    "1 or more", partno);
	if ((pr = blkid_new_probe_from_filename(hostpath)) == NULL)
		return etfs_part_fail(errno != 0 ? errno : EIO, "%s: %s",
		    hostpath, strerror(errno != 0 ? errno : EIO));
	blkid_probe_enable_partitions(pr, 1);
	if ((pl = blkid_probe_get_partitions(pr)) == NULL) {
		blkid_free_probe(pr);
		return etfs_part_fail(ENOENT, "%s: no MBR or GPT partition "
		    "table", hostpath);
	}
	n = blkid_partlist_numof_partitions(pl);
	for (i = 0; i < n; i++) {
		par = blkid_partlist_get_partition(pl, i);
		if (par == NULL || blkid_partition_get_partno(par) != partno)
			continue;
		*begin = (uint64_t)blkid_partition_get_start(par) * 512;
		*size = (uint64_t)blkid_partition_get_size(par) * 512;
		error = 0;
		break;
	}
	blkid_free_probe(pr);
	if (error != 0)
		return etfs_part_fail(ENOENT, "%s: no partition %d", hostpath,
		    partno);
	return 0;
}

int
rump_etfs_part_parse(const char *spec, char *hostpath, size_t len,
    uint64_t *begin, uint64_t *size)
{
	const char *open, *arg;
	size_t slen, plen, alen;
	uint64_t n;
	int error;

	part_errbuf[0] = '\0';
	if (spec == NULL || *spec == '\0')
		return etfs_part_fail(EINVAL, "empty image name");
	slen = strlen(spec);
	*begin = 0;
	*size = RUMP_ETFS_SIZE_ENDOFF;
	open = NULL;
	if (slen >= 2 && spec[slen - 1] == '%')
		open = memrchr(spec, '%', slen - 1);
	plen = open != NULL ? (size_t)(open - spec) : slen;
	if (plen == 0)
		return etfs_part_fail(EINVAL, "no image name in \"%s\"", spec);
	if (plen >= len)
		return etfs_part_fail(ENAMETOOLONG, "image name too long");
	memcpy(hostpath, spec, plen);
	hostpath[plen] = '\0';
	if (open == NULL)
		return 0;
	arg = open + 1;
	alen = slen - plen - 2;
	if (alen > 10 && strncmp(arg, "DISKLABEL:", 10) == 0)
		return etfs_part_disklabel(hostpath, arg + 10, alen - 10,
		    begin, size);
	if (alen > 7 && strncmp(arg, "OFFSET:", 7) == 0)
		return parse_offset(arg + 7, alen - 7, begin, size);
	if (alen > 5 && strncmp(arg, "PART:", 5) == 0) {
		if ((error = parse_num(arg + 5, alen - 5, &n)) != 0 ||
		    n == 0 || n > INT_MAX)
			return etfs_part_fail(error == ERANGE ? ERANGE : EINVAL,
			    "bad partition number \"%.*s\"", (int)alen - 5,
			    arg + 5);
		return rump_etfs_part_probe(hostpath, (int)n, begin, size);
	}
	return etfs_part_fail(EINVAL, "unknown partition syntax \"%%%.*s%%\" "
	    "(DISKLABEL:x, OFFSET:start,size or PART:N)", (int)alen, arg);
}
