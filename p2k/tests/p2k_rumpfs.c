/*
 * A FUSE server of a fresh in-memory rumpfs, for testing p2k without a
 * disk driver:  p2k_rumpfs [-f] [-o opts] mountpoint [maxbytes]
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rump/p2k.h>

struct rumpfs_mountargs {
	char *fspec_unused;
	uint64_t maxbytes;	/* 0: no limit */
	char pad[64];
};

int
main(int argc, char **argv)
{
	struct rumpfs_mountargs args;

	memset(&args, 0, sizeof(args));
	if (argc > 2 && strspn(argv[argc - 1], "0123456789") ==
	    strlen(argv[argc - 1])) {
		args.maxbytes = strtoull(argv[--argc], NULL, 10);
		argv[argc] = NULL;
	}
	return p2k_run_fs(argc, argv, "rumpfs", NULL, "/p2k", 0, &args,
	    sizeof(args), 0);
}
