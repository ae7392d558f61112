/*
 * The image: options, ~/.fsurc aliases, FSU_* defaults, the driver (by
 * -t or the registered drivers' probes), mount and release.  A
 * host:/path special is fsu_remote.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump_etfs.h>
#include <rump/ukfs_driver.h>

#include "fsu_mount.h"

/* ~/.fsurc: name:path:fstype[:mntopts], # comments */
static void
fsu_alias(struct fsu_mount *m)
{
	char path[4096], line[4096 + 512];
	const char *home = getenv("HOME");
	FILE *f;

	if (home == NULL)
		return;
	snprintf(path, sizeof(path), "%s/.fsurc", home);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *name, *img, *type, *opts;

		line[strcspn(line, "\n#")] = '\0';
		if ((name = strtok_r(line, ":", &save)) == NULL ||
		    strcmp(name, m->fm_image) != 0 ||
		    (img = strtok_r(NULL, ":", &save)) == NULL)
			continue;
		type = strtok_r(NULL, ":", &save);
		opts = strtok_r(NULL, "", &save);
		snprintf(m->fm_image, sizeof(m->fm_image), "%s", img);
		if (type != NULL && m->fm_type[0] == '\0')
			snprintf(m->fm_type, sizeof(m->fm_type), "%s", type);
		if (opts != NULL && m->fm_opts[0] == '\0')
			snprintf(m->fm_opts, sizeof(m->fm_opts), "%s", opts);
		break;
	}
	fclose(f);
}

int
fsu_mount_parse(struct fsu_mount *m, int argc, char **argv, bool script)
{
	const char *env;
	int ch;

	memset(m, 0, sizeof(*m));
	if ((env = getenv("FSU_TYPE")) != NULL)
		snprintf(m->fm_type, sizeof(m->fm_type), "%s", env);
	if ((env = getenv("FSU_MNTOPTS")) != NULL)
		snprintf(m->fm_opts, sizeof(m->fm_opts), "%s", env);
	optind = 0;
	while ((ch = getopt(argc, argv, script ? "+fkvt:o:" : "+fvt:o:s:p:"))
	    != -1) {
		switch (ch) {
		case 'f': m->fm_noalias = true; break;
		case 'k': m->fm_keepgoing = true; break;
		case 'v': m->fm_verbose = true; break;
		case 't': snprintf(m->fm_type, sizeof(m->fm_type), "%s",
		    optarg); break;
		case 'o': snprintf(m->fm_opts, sizeof(m->fm_opts), "%s",
		    optarg); break;
		case 's': case 'p': break;	/* NetBSD's; nothing here */
		default: return -1;
		}
	}
	if ((env = getenv("FSU_DEVICE")) != NULL && optind == argc)
		snprintf(m->fm_image, sizeof(m->fm_image), "%s", env);
	else if (optind < argc)
		snprintf(m->fm_image, sizeof(m->fm_image), "%s",
		    argv[optind++]);
	else
		return -1;
	if (!m->fm_noalias)
		fsu_alias(m);
	fsu_image = m->fm_image;
	return optind;
}

/*
 * -o words to mount flags through ukfs's table and the driver's own
 * words (drv NULL: the type is not known yet); unknown words are an
 * error.  A driver's words need its args, in m until the mount.
 */
int
fsu_mount_flags(struct fsu_mount *m, const struct ukfs_driver *drv,
    void *args, int *flagsp)
{
	struct ukfs_mntopts mo;
	char who[4096 + 64];

	snprintf(who, sizeof(who), "%s: %s", fsu_cmdname(), m->fm_image);
	ukfs_mntopts_init(&mo);
	if (ukfs_mntopts_parse(&mo, m->fm_opts, drv, args, who, NULL,
	    NULL) != 0)
		return -1;
	ukfs_set_blkbackend(mo.uo_blk);
	*flagsp = mo.uo_flags;
	return 0;
}

/*
 * Mount the image with drv.  NULL with errno when it fails; *badopts set
 * when the options were refused (said already).
 */
static struct ukfs *
fsu_trymount(struct fsu_mount *m, const struct ukfs_driver *drv,
    bool readonly, bool *badopts)
{
	struct ukfs *fs;
	void *args;
	int flags, error;

	if ((args = ukfs_driver_mkargs(drv)) == NULL)
		return NULL;
	if (fsu_mount_flags(m, drv, args, &flags) != 0) {
		*badopts = true;
		free(args);
		errno = EINVAL;
		return NULL;
	}
	if (readonly)
		flags |= RUMP_MNT_RDONLY;
	if (m->fm_verbose)
		fprintf(stderr, "%s: trying %s\n", fsu_cmdname(), drv->ud_name);
	/* the kernel has copied the args once the mount returns */
	fs = ukfs_mount_disk(drv->ud_name, m->fm_image, UKFS_PARTITION_NONE,
	    UKFS_DEFAULTMP, flags, args, drv->ud_argsize);
	error = errno;
	free(args);
	if (fs != NULL)
		snprintf(m->fm_type, sizeof(m->fm_type), "%s", drv->ud_name);
	errno = error;
	return fs;
}

/*
 * A partition suffix that names nothing (past the end, no label) is said
 * as such: left to the drivers it reads as "no file system recognised".
 */
static int
fsu_checkpart(const struct fsu_mount *m)
{
	char host[4096];
	uint64_t begin, size;
	int error;

	error = rump_etfs_part_parse(m->fm_image, host, sizeof(host), &begin,
	    &size);
	if (error == 0)
		return 0;
	/* the parser's message names the image file itself */
	if (*rump_etfs_part_error() != '\0')
		fprintf(stderr, "%s: %s\n", fsu_cmdname(),
		    rump_etfs_part_error());
	else
		fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(), m->fm_image,
		    strerror(error));
	return -1;
}

/*
 * The driver for the image: -t's (by name or alias), else the probes'.
 * 0 with *drvp NULL: nothing recognised, try each; -1: said why not.
 */
static int
fsu_driver(const struct fsu_mount *m, const struct ukfs_driver **drvp)
{
	const char *type = m->fm_type, *raw;

	*drvp = NULL;
	if (*type == '\0') {
		type = ukfs_probe_type(m->fm_image, &raw);
		if (type == NULL && errno == EOPNOTSUPP) {
			fprintf(stderr, "%s: %s: no driver for %s\n",
			    fsu_cmdname(), m->fm_image, raw);
			return -1;
		}
		if (type == NULL)
			return 0;
	}
	if ((*drvp = ukfs_driver_find(type)) == NULL) {
		fprintf(stderr, "%s: %s: %s: no such driver in fsu (there are "
		    "%s)\n", fsu_cmdname(), m->fm_image, type,
		    ukfs_driver_list(true));
		return -1;
	}
	return 0;
}

/* why the mount failed, from errno */
static void
fsu_mount_failed(const struct fsu_mount *m, bool probed)
{
	int error = errno;

	/* every driver refused it */
	if (probed && (error == EINVAL || error == ENODEV))
		fprintf(stderr, "%s: %s: no file system recognised "
		    "(tried %s)\n", fsu_cmdname(), m->fm_image,
		    ukfs_driver_list(false));
	else if (error == EBUSY)
		;	/* the image lock said "image: in use by pid N" */
	else if (*ukfs_mount_error() != '\0')
		fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(),
		    m->fm_image, ukfs_mount_error());
	else
		fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(),
		    m->fm_image, strerror(error));
}

int
fsu_mount_open(struct fsu_mount *m, bool readonly)
{
	const struct ukfs_driver *drv, *d;
	bool badopts = false;
	size_t i;

	drv = fsu_remote_driver(m);
	if (drv == NULL && fsu_checkpart(m) != 0)
		return -1;
	if (ukfs_init() != 0) {
		fprintf(stderr, "%s: rump kernel: %s\n", fsu_cmdname(),
		    strerror(errno));
		return -1;
	}
	if (drv != NULL)
		return fsu_remote_open(m, drv, readonly);
	if (fsu_driver(m, &drv) != 0)
		return -1;
	if (drv != NULL)
		m->fm_fs = fsu_trymount(m, drv, readonly, &badopts);
	/* nothing recognised it: each disk driver in turn, their order */
	for (i = 0; drv == NULL && !badopts && m->fm_fs == NULL &&
	    (d = ukfs_driver_at(i)) != NULL; i++)
		if (d->ud_disk)
			m->fm_fs = fsu_trymount(m, d, readonly, &badopts);
	if (m->fm_fs == NULL) {
		if (!badopts)
			fsu_mount_failed(m, drv == NULL);
		return -1;
	}
	return 0;
}

int
fsu_mount_close(struct fsu_mount *m)
{
	if (m->fm_fs == NULL)
		return 0;
	if (ukfs_release(m->fm_fs, 0) != 0) {
		fprintf(stderr, "%s: %s: unmount failed, image may be dirty!"
		    " (%s)\n", fsu_cmdname(), m->fm_image, strerror(errno));
		m->fm_fs = NULL;
		return -1;
	}
	m->fm_fs = NULL;
	return 0;
}
