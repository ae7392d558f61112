/*
 * fsck_ffs [-fnpqy] [-b block] image
 *
 * Checks an FFS (UFS1/UFS2, either byte order) image the way BSD's
 * fsck_ffs does, in five phases, and repairs it: -p (preen) repairs what
 * a crash of a file system without soft updates or a log leaves behind
 * and stops at anything else; -y repairs everything it can; -n (the
 * default) only reports.  The image name may carry a partition suffix
 * (img%PART:1%, img%OFFSET:start,size%, img%DISKLABEL:a%).
 * Exit status 0: clean or fully repaired; 1: usage; 8: problems left.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rumpfs_version.h>

#include "fsck.h"

#define USAGE	"usage: fsck_ffs [-fnpqy] [-b block] image\n" \
		"       fsck_ffs -h | --help | --version\n"

static void
usage(void)
{
	fprintf(stderr, USAGE);
	exit(EXIT_USAGE);
}

/* --help and --version first: getopt would read --help as flags -, h... */
static void
longopts(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			printf(USAGE);
			exit(0);
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("fsck_ffs %s\n", RUMPFS_VERSION);
			exit(0);
		}
	}
}

static void
options(int argc, char **argv)
{
	char *end;
	int ch;

	while ((ch = getopt(argc, argv, "b:fnpqy")) != -1) {
		switch (ch) {
		case 'b':
			errno = 0;
			fk.altsb = strtoll(optarg, &end, 0);
			if (errno != 0 || *end != '\0' || fk.altsb <= 0)
				usage();
			break;
		case 'f':
			fk.fflag = true;
			break;
		case 'n':
			fk.nflag = true;
			break;
		case 'p':
			fk.pflag = true;
			break;
		case 'q':
			fk.quiet = true;
			break;
		case 'y':
			fk.yflag = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || (fk.nflag && (fk.yflag || fk.pflag)))
		usage();
	/* without -p or -y nothing is repaired: the image stays read-only */
	if (!fk.yflag && !fk.pflag)
		fk.nflag = true;
	/* -p and -y: -y answers what preen would stop at */
	if (fk.yflag)
		fk.pflag = false;
}

static int
finish(void)
{
	int left = fk.errors - fk.fixed;

	if (fk.pflag) {
		if (left > 0) {
			printf("%s: UNEXPECTED INCONSISTENCY; RUN fsck_ffs "
			    "MANUALLY.\n", fk.dev);
			return EXIT_FAILED;
		}
		return 0;
	}
	if (fk.fixed > 0)
		printf("\n***** FILE SYSTEM WAS MODIFIED *****\n");
	if (left > 0) {
		printf("\n***** %d INCONSISTENC%s %s *****\n", left,
		    left == 1 ? "Y" : "IES", fk.nflag ?
		    "FOUND; FILE SYSTEM NOT MODIFIED" : "LEFT UNREPAIRED");
		return EXIT_FAILED;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int rc;

	fk.name = "fsck_ffs";
	longopts(argc, argv);
	options(argc, argv);
	fk.dev = argv[optind];
	srandom((unsigned)getpid());
	if ((rc = setup(fk.dev)) != 0)
		return rc > 0 ? 0 : EXIT_FAILED;
	pass1();
	pass1b();
	pass2();
	pass3();
	pass4();
	pass5();
	if (!fk.quiet || fk.errors > 0)
		pass5_summary();
	write_super();
	return finish();
}
