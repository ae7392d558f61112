/*
 * fsu_stat [-L] path ...: everything stat(2) says, GNU stat-like.
 * fsu_df [-hi]: the image's space and inodes.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "fsu.h"

static const char *
stat_type(uint32_t mode)
{
	switch (mode & 0170000) {
	case 0100000: return "regular file";
	case 0040000: return "directory";
	case 0120000: return "symbolic link";
	case 0020000: return "character special file";
	case 0060000: return "block special file";
	case 0010000: return "fifo";
	case 0140000: return "socket";
	default: return "unknown";
	}
}

static void
stat_time(const char *what, const struct rump_timespec *ts)
{
	char buf[64];
	struct tm tm;
	time_t t = (time_t)ts->tv_sec;

	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s: %s.%09ld\n", what, buf, ts->tv_nsec);
}

int
fsu_stat_main(struct ukfs *fs, int argc, char **argv)
{
	struct rump_stat sb;
	char mode[11];
	bool follow = false;
	int ch, i, error, rv = 0;

	while ((ch = getopt(argc, argv, "L")) != -1) {
		if (ch != 'L')
			return fsu_usage(fsu_findcmd("stat"));
		follow = true;
	}
	if (optind == argc)
		return fsu_usage(fsu_findcmd("stat"));
	for (i = optind; i < argc; i++) {
		if ((error = fsu_stat(fs, argv[i], &sb, follow)) != 0) {
			fsu_warn(argv[i], error);
			rv = 1;
			continue;
		}
		fsu_modestr(sb.st_mode, mode);
		printf("  File: %s\n  Size: %lld\tBlocks: %lld\tIO Block: %u\t"
		    "%s\n", argv[i], (long long)sb.st_size,
		    (long long)sb.st_blocks, sb.st_blksize,
		    stat_type(sb.st_mode));
		printf("Inode: %llu\tLinks: %u\tGeneration: %llu\n",
		    (unsigned long long)sb.st_ino, sb.st_nlink,
		    (unsigned long long)sb.st_gen);
		printf("Access: (%04o/%s)  Uid: %u  Gid: %u\n",
		    sb.st_mode & 07777, mode, sb.st_uid, sb.st_gid);
		if ((sb.st_mode & 0170000) == 0020000 ||
		    (sb.st_mode & 0170000) == 0060000)
			printf("Device: %u,%u\n", (unsigned)(sb.st_rdev >> 32),
			    (unsigned)sb.st_rdev);
		stat_time("Access", &sb.st_atim);
		stat_time("Modify", &sb.st_mtim);
		stat_time("Change", &sb.st_ctim);
		if (sb.st_birthtim.tv_sec != 0 || sb.st_birthtim.tv_nsec != 0)
			stat_time(" Birth", &sb.st_birthtim);
	}
	return rv;
}

int
fsu_df_main(struct ukfs *fs, int argc, char **argv)
{
	struct rump_statvfs sb;
	bool human = false, inodes = false;
	char a[32], b[32], c[32];
	int ch;

	while ((ch = getopt(argc, argv, "hik")) != -1) {
		switch (ch) {
		case 'h': human = true; break;
		case 'i': inodes = true; break;
		case 'k': break;
		default: return fsu_usage(fsu_findcmd("df"));
		}
	}
	if (ukfs_statvfs(fs, &sb) != 0) {
		fsu_warn("/", errno);
		return 1;
	}
	if (inodes) {
		printf("%-20s %10s %10s %10s %5s\n", "Filesystem", "Inodes",
		    "IUsed", "IFree", "IUse%");
		printf("%-20s %10llu %10llu %10llu %4llu%%\n", fsu_image,
		    (unsigned long long)sb.f_files,
		    (unsigned long long)(sb.f_files - sb.f_ffree),
		    (unsigned long long)sb.f_ffree, sb.f_files ?
		    (unsigned long long)((sb.f_files - sb.f_ffree) * 100 /
		    sb.f_files) : 0ULL);
		return 0;
	}
	uint64_t fr = sb.f_frsize ? sb.f_frsize : sb.f_bsize;
	uint64_t total = sb.f_blocks * fr, avail = sb.f_bavail * fr;
	uint64_t used = (sb.f_blocks - sb.f_bfree) * fr;
	if (human) {
		fsu_humansize((int64_t)total, a, sizeof(a));
		fsu_humansize((int64_t)used, b, sizeof(b));
		fsu_humansize((int64_t)avail, c, sizeof(c));
	} else {
		snprintf(a, sizeof(a), "%llu", (unsigned long long)total / 1024);
		snprintf(b, sizeof(b), "%llu", (unsigned long long)used / 1024);
		snprintf(c, sizeof(c), "%llu", (unsigned long long)avail / 1024);
	}
	printf("%-20s %10s %10s %10s %5s %s\n", "Filesystem",
	    human ? "Size" : "1K-blocks", "Used", "Avail", "Use%", "Type");
	printf("%-20s %10s %10s %10s %4llu%% %s\n", fsu_image, a, b, c,
	    used + avail ? (unsigned long long)(used * 100 / (used + avail)) :
	    0ULL, sb.f_fstypename);
	return 0;
}
