/*
 * The MBR on the host, for the disklabel search: the four primary entries
 * of sector 0 whose type says the partition holds a BSD disklabel.
 *
 * Layout used: the boot signature 0x55 0xaa at bytes 510 and 511; four
 * 16-byte entries from byte 446, each with the type at 4, the first
 * sector (LBA, 512 bytes) at 8 and the sector count at 12, both 32-bit
 * little-endian.  Types: 0xa5 FreeBSD, 0xa6 OpenBSD, 0xa9 NetBSD.
 * Extended partitions are not followed: these systems use primary ones.
 */
#include <stdint.h>
#include <unistd.h>

#include "etfs_part.h"

#define MBR_TABLE	446
#define MBR_ENTSZ	16
#define MBR_NENT	4
#define MBR_SIG		510

static uint32_t
le32(const unsigned char *b)
{
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[1] << 8 | b[0];
}

static bool
mbr_bsdtype(unsigned char type)
{
	return type == ETFS_MBR_FREEBSD || type == ETFS_MBR_OPENBSD ||
	    type == ETFS_MBR_NETBSD;
}

int
etfs_mbr_bsdparts(int fd, struct etfs_mbrpart *parts)
{
	unsigned char sec[512];
	const unsigned char *e;
	int i, n = 0;

	if (pread(fd, sec, sizeof(sec), 0) != (ssize_t)sizeof(sec) ||
	    sec[MBR_SIG] != 0x55 || sec[MBR_SIG + 1] != 0xaa)
		return 0;
	for (i = 0; i < MBR_NENT; i++) {
		e = sec + MBR_TABLE + i * MBR_ENTSZ;
		if (!mbr_bsdtype(e[4]) || le32(e + 8) == 0 ||
		    le32(e + 12) == 0)
			continue;
		parts[n].index = i + 1;
		parts[n].type = e[4];
		parts[n].start = (uint64_t)le32(e + 8) * 512;
		parts[n].size = (uint64_t)le32(e + 12) * 512;
		n++;
	}
	return n;
}
