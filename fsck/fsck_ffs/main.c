/*
 * fsck_ffs [-n | -y] [-f] [-q] image
 *
 * Checks an FFS (UFS1/UFS2, either byte order) image the way BSD's
 * fsck_ffs does, in five phases.  Exit status 0: clean; 8: problems found
 * or the image could not be checked.  Repair is not implemented: -y
 * checks and says so.
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
	if (fk.yflag)
		fprintf(stderr, "fsck_ffs: repair is not supported; "
		    "checking only (as -n)\n");
	if (setup(argv[optind]) != 0)
		return 8;
	pass1();
	pass2();
	pass3();
	pass4();
	pass5();
	if (!fk.quiet)
		pass5_summary();
	if (fk.errors) {
		printf("\n***** %d INCONSISTENCIES FOUND; FILE SYSTEM NOT "
		    "MODIFIED *****\n", fk.errors);
		return 8;
	}
	return 0;
}
