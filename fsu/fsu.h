/*
 * fs-utils: mtools-style commands on file system images, with the kernel
 * driver inside the tool (ukfs).  One binary; the command is chosen by the
 * name it runs as (fsu_ls, fsu_cat, ...) or by the first word of each line
 * in the `fsu image -c '...'` script mode.
 */
#ifndef FSU_H
#define FSU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rump/rumpdefs.h>
#include <rump/ukfs.h>

struct fsu_cmd {
	const char *name;
	int (*main)(struct ukfs *fs, int argc, char **argv);
	bool readonly;		/* mount read-only for this command */
	const char *usage;	/* after "fsu_<name> image " */
};

/* the command table (fsu_cmds.c) */
extern const struct fsu_cmd fsu_cmds[];
const struct fsu_cmd *fsu_findcmd(const char *name);
bool fsu_cmd_readonly(const struct fsu_cmd *cmd, int argc, char **argv);

/* the image being worked on, for messages */
extern const char *fsu_image;
extern const char *fsu_progname;
/* set by SIGINT/SIGTERM: long operations stop and the image is released */
extern volatile int fsu_interrupted;

/* "fsu_cp: disk.img: /a/b: No such file or directory" */
void fsu_warn(const char *path, int error);
void fsu_warn_host(const char *path, int error);
const char *fsu_cmdname(void);		/* "fsu_ls", or "fsu" */
int fsu_run(char *const av[]);		/* a host command's exit status */
void fsu_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fsu_usage(const struct fsu_cmd *cmd);	/* on stderr; returns 2 */
void fsu_usage_to(FILE *f, const struct fsu_cmd *cmd);

/* helpers shared by commands (fsu_util.c) */
int fsu_stat(struct ukfs *fs, const char *path, struct rump_stat *sb,
    bool follow);
int fsu_symlink(struct ukfs *fs, const char *target, const char *path);
char *fsu_join(const char *dir, const char *name);	/* malloc'd */
const char *fsu_basename(const char *path);
/* why a name read from a directory is not one file name, or NULL */
const char *fsu_badname(const char *name, size_t len);
/* entries fsu_readdir skipped for their names: the command fails */
extern int fsu_nbadnames;
/*
 * visit the entries of a directory (not . and .., and not the entries
 * whose names fsu_badname refuses: those are reported and counted)
 */
int fsu_readdir(struct ukfs *fs, const char *dir,
    int (*fn)(struct ukfs *, const char *dir, const struct rump_dirent *,
    void *), void *arg);
/* a chmod(1) mode (octal or symbolic) applied to old; -1: not a mode */
int64_t fsu_mode_apply(const char *spec, uint32_t old, bool isdir);
/* fn on path and, below a directory, everything (lstat; 0 or an errno) */
int fsu_walk(struct ukfs *fs, const char *path,
    int (*fn)(struct ukfs *, const char *, const struct rump_stat *, void *),
    void *arg);
/* touch's dates: -d forms and -t [[CC]YY]MMDDhhmm[.ss]; 0 or -1 */
int fsu_date_iso(const char *s, struct rump_timespec *ts);
int fsu_date_stamp(const char *s, struct rump_timespec *ts);
void fsu_modestr(uint32_t mode, char buf[11]);
void fsu_humansize(int64_t n, char *buf, size_t len);
/* copy one open host fd into a file in the image (and back) */
int fsu_copy_in(struct ukfs *fs, int hostfd, const char *path, bool append,
    uint32_t mode);
int fsu_copy_out(struct ukfs *fs, const char *path, int hostfd);

/* the commands, each in its own file (table in fsu_cmds.c) */
#define FSU_CMD(name) int fsu_##name##_main(struct ukfs *, int, char **)
FSU_CMD(ls);
FSU_CMD(cat);
FSU_CMD(put);
FSU_CMD(get);
FSU_CMD(mkdir);
FSU_CMD(rm);
FSU_CMD(rmdir);
FSU_CMD(chmod);
FSU_CMD(chown);
FSU_CMD(chgrp);
FSU_CMD(touch);
FSU_CMD(mv);
FSU_CMD(ln);
FSU_CMD(mkfifo);
FSU_CMD(mknod);
FSU_CMD(stat);
FSU_CMD(df);
FSU_CMD(find);
FSU_CMD(du);
FSU_CMD(diff);
FSU_CMD(cp);
FSU_CMD(write);
FSU_CMD(exec);

#endif /* FSU_H */
