/*
 * fsck_ffs [-n | -y] [-f] [-q] image
 *
 * Checks an FFS (UFS1/UFS2, either byte order) image the way BSD's
 * fsck_ffs does, in five phases.  -n only reports.  -y also repairs what
 * can be rebuilt from the checked state: link counts, the cylinder-group
 * maps and counts, the summary array and the superblock totals (then
 * marks the file system clean); duplicate or bad blocks, broken
 * directories and unreferenced inodes are reported, not repaired.
 * Exit status 0: clean (or fully repaired); 8: problems left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsck.h"

void pass5_summary(void);

static void
usage(void)
{
	fprintf(stderr, "usage: fsck_ffs [-fnpqy] image\n");
	exit(8);
}

int
main(int argc, char **argv)
{
	int ch;

	fk.name = "fsck_ffs";
	while ((ch = getopt(argc, argv, "fnpqy")) != -1) {
		switch (ch) {
		case 'n':
			fk.nflag = true;
			break;
		case 'y':
			fk.yflag = true;
			break;
		case 'q':
			fk.quiet = true;
			break;
		case 'f':
		case 'p':
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	if (setup(argv[optind]) != 0)
		return 8;
	pass1();
	pass2();
	pass3();
	pass4();
	pass5();
	if (!fk.quiet)
		pass5_summary();
	if (fk.yflag && (fk.sbdirty || fk.fixed > 0 ||
	    (fk.fs.fs_clean & FS_ISCLEAN) == 0))
		write_summaries();
	if (fk.fixed > 0)
		printf("\n***** FILE SYSTEM WAS MODIFIED (%d REPAIRED) *****\n",
		    fk.fixed);
	if (fk.errors > fk.fixed) {
		printf("\n***** %d INCONSISTENCIES %s *****\n",
		    fk.errors - fk.fixed, fk.yflag ? "LEFT UNREPAIRED" :
		    "FOUND; FILE SYSTEM NOT MODIFIED");
		return 8;
	}
	return 0;
}
