/*
 * e2fs_race image iterations: hammer one ext2 image from several threads
 * at once (mkdir/rmdir of one name, lookups of ".." inside it, files
 * unlinked while open so that the orphan list holds several inodes and
 * loses them in any order, renames of files and directories), then
 * unmount.  It exits 0 if every thread finished and the unmount worked;
 * the caller checks the image with e2fsck.  A deadlock shows as a hang,
 * so callers run it under timeout(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "e2fs_common.h"

#define NTHREADS	8

struct worker {
	pthread_t w_thread;
	int w_id;
	long w_iters;
	long w_done;		/* operations that succeeded */
};

/* one directory name made and removed by everyone: rmdir vs mkdir */
static void
dir_churn(struct worker *w, long i)
{
	struct rump_stat sb;

	switch ((w->w_id + i) % 4) {
	case 0:
		w->w_done += rump_sys_mkdir(E2FS_MNT "/rmd", 0777) == 0;
		break;
	case 1:
		w->w_done += rump_sys_rmdir(E2FS_MNT "/rmd") == 0;
		break;
	case 2:
		/* ".." of a directory that may be going away */
		w->w_done += rump_sys_stat(E2FS_MNT "/rmd/..", &sb) == 0;
		w->w_done += rump_sys_mkdir(E2FS_MNT "/rmd/sub", 0777) == 0;
		break;
	default:
		w->w_done += rump_sys_stat(E2FS_MNT "/rmd/sub/../..",
		    &sb) == 0;
		w->w_done += rump_sys_rmdir(E2FS_MNT "/rmd/sub") == 0;
		break;
	}
}

/* a file unlinked while open: an orphan until the close */
static void
orphan_churn(struct worker *w, long i)
{
	char path[64], buf[3000];
	int fd;

	snprintf(path, sizeof(path), E2FS_MNT "/o%d.%ld", w->w_id, i % 3);
	memset(buf, (int)i, sizeof(buf));
	if ((fd = rump_sys_open(path, O_RDWR | O_CREAT, 0644)) == -1)
		return;
	(void)rump_sys_write(fd, buf, sizeof(buf));
	if (rump_sys_unlink(path) == 0)
		w->w_done++;
	/* the inode grows and shrinks while it has no name */
	(void)rump_sys_write(fd, buf, sizeof(buf));
	(void)rump_sys_ftruncate(fd, (off_t)(i % 2000));
	rump_sys_close(fd);
}

/* files and directories renamed over and into each other */
static void
rename_churn(struct worker *w, long i)
{
	char from[64], to[64];
	int fd;

	if (i % 2 == 0) {
		fd = rump_sys_open(E2FS_MNT "/rf", O_RDWR | O_CREAT, 0644);
		if (fd != -1)
			rump_sys_close(fd);
		snprintf(to, sizeof(to), E2FS_MNT "/rf%d", w->w_id);
		w->w_done += rump_sys_rename(E2FS_MNT "/rf", to) == 0;
		return;
	}
	snprintf(from, sizeof(from), E2FS_MNT "/%s",
	    w->w_id % 2 ? "a/b" : "b/a");
	snprintf(to, sizeof(to), E2FS_MNT "/%s", w->w_id % 2 ? "b" : "a");
	w->w_done += rump_sys_rename(from, to) == 0;
	(void)rump_sys_mkdir(from, 0777);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	long i;

	for (i = 0; i < w->w_iters; i++) {
		switch (w->w_id % 3) {
		case 0:
			dir_churn(w, i);
			break;
		case 1:
			orphan_churn(w, i);
			break;
		default:
			rename_churn(w, i);
			break;
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct worker w[NTHREADS];
	long iters, done = 0;
	int i, error;

	if (argc != 3 || (iters = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: e2fs_race image iterations\n");
		return 2;
	}
	if ((error = e2fs_mount(argv[1], 0)) != 0) {
		fprintf(stderr, "e2fs_race: mount: %s\n", strerror(error));
		return 1;
	}
	(void)rump_sys_mkdir(E2FS_MNT "/a", 0777);
	(void)rump_sys_mkdir(E2FS_MNT "/b", 0777);
	for (i = 0; i < NTHREADS; i++) {
		w[i].w_id = i;
		w[i].w_iters = iters;
		w[i].w_done = 0;
		if (pthread_create(&w[i].w_thread, NULL, work, &w[i]) != 0) {
			fprintf(stderr, "e2fs_race: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(w[i].w_thread, NULL);
		done += w[i].w_done;
	}
	printf("e2fs_race: %ld operations succeeded\n", done);
	if ((error = e2fs_unmount()) != 0) {
		fprintf(stderr, "e2fs_race: unmount: %s\n", strerror(error));
		return 1;
	}
	return 0;
}
