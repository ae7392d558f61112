/*
 * fsu_exec path command [args]: copy a file out of the image to a
 * temporary file, run the host command on it ("{}" in args stands for the
 * file; with no "{}" it is appended), copy it back if it changed, and exit
 * with the command's status.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"

static int
exec_run(char **argv, int argc, char *tmp)
{
	char **av = calloc((size_t)argc + 2, sizeof(*av));
	bool placed = false;
	int i, status;

	if (av == NULL)
		return -1;
	for (i = 0; i < argc; i++) {
		av[i] = strcmp(argv[i], "{}") == 0 ? tmp : argv[i];
		placed |= av[i] == tmp;
	}
	if (!placed)
		av[i++] = tmp;
	av[i] = NULL;
	status = fsu_run(av);
	free(av);
	return status;
}

int
fsu_exec_main(struct ukfs *fs, int argc, char **argv)
{
	char tmp[] = "/tmp/fsu_exec.XXXXXX";
	struct stat before, after;
	int fd, error, rv;

	if (argc < 3)
		return fsu_usage(fsu_findcmd("exec"));
	if ((fd = mkstemp(tmp)) == -1) {
		fsu_warn(tmp, errno);
		return 1;
	}
	error = fsu_copy_out(fs, argv[1], fd);
	if (error && error != ENOENT) {
		fsu_warn(argv[1], error);
		close(fd);
		unlink(tmp);
		return 1;
	}
	fstat(fd, &before);
	close(fd);
	rv = exec_run(argv + 2, argc - 2, tmp);
	if (rv < 0) {
		fsu_warn(argv[2], errno);
		rv = 1;
	} else if (stat(tmp, &after) == 0 &&
	    (after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec ||
	    after.st_size != before.st_size || error == ENOENT) &&
	    (fd = open(tmp, O_RDONLY)) != -1) {
		error = fsu_copy_in(fs, fd, argv[1], false, 0);
		close(fd);
		if (error) {
			fsu_warn(argv[1], error);
			rv = rv ? rv : 1;
		}
	}
	unlink(tmp);
	return rv;
}
