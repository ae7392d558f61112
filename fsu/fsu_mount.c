/*
 * The image: options, ~/.fsurc aliases, FSU_* defaults, type detection,
 * mount and release.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump_etfs.h>

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

/* -o words to mount flags; unknown words are an error */
static int
fsu_mntflags(struct fsu_mount *m, int *flagsp)
{
	char buf[256], *w, *save = NULL;
	int flags = 0;

	snprintf(buf, sizeof(buf), "%s", m->fm_opts);
	for (w = strtok_r(buf, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		if (strcmp(w, "ro") == 0 || strcmp(w, "rdonly") == 0)
			flags |= RUMP_MNT_RDONLY;
		else if (strcmp(w, "rw") == 0)
			flags &= ~RUMP_MNT_RDONLY;
		else if (strcmp(w, "sync") == 0)
			flags |= RUMP_MNT_SYNCHRONOUS;
		else if (strcmp(w, "async") == 0)
			flags |= RUMP_MNT_ASYNC;
		else if (strcmp(w, "noatime") == 0)
			flags |= RUMP_MNT_NOATIME;
		else if (strcmp(w, "nodevmtime") == 0)
			flags |= RUMP_MNT_NODEVMTIME;
		else if (strcmp(w, "force") == 0)
			flags |= RUMP_MNT_FORCE;
		else if (strcmp(w, "blk=direct") == 0)
			ukfs_set_blkbackend(UKFS_BLK_DIRECT);
		else if (strcmp(w, "blk=mmap") == 0)
			ukfs_set_blkbackend(UKFS_BLK_MMAP);
		else if (strcmp(w, "blk=buffered") == 0)
			ukfs_set_blkbackend(UKFS_BLK_BUFFERED);
		else {
			fprintf(stderr, "%s: %s: unknown mount option '%s'\n",
			    fsu_cmdname(), m->fm_image, w);
			return -1;
		}
	}
	*flagsp = flags;
	return 0;
}

/* the drivers built into fsu, and the other names they go by */
static const struct {
	const char *alias, *type;
} fsu_types[] = {
	{ "ffs", "ffs" }, { "ufs", "ffs" }, { "ufs1", "ffs" },
	{ "ufs2", "ffs" },
	{ "ext2fs", "ext2fs" }, { "ext2", "ext2fs" }, { "ext3", "ext2fs" },
	{ "ext4", "ext2fs" },
	{ NULL, NULL }
};

/* -t's word as a driver name; an unknown word is left for the error */
static const char *
fsu_typename(const char *t)
{
	for (int i = 0; fsu_types[i].alias != NULL; i++)
		if (strcmp(fsu_types[i].alias, t) == 0)
			return fsu_types[i].type;
	return t;
}

static struct ukfs *
fsu_trymount(struct fsu_mount *m, const char *type, int flags)
{
	union {
		char *fspec;
		char pad[512];	/* room for any driver's args */
	} args;
	struct ukfs *fs;

	memset(&args, 0, sizeof(args));
	if (m->fm_verbose)
		fprintf(stderr, "%s: trying %s\n", fsu_cmdname(), type);
	fs = ukfs_mount_disk(type, m->fm_image, UKFS_PARTITION_NONE,
	    UKFS_DEFAULTMP, flags, &args, sizeof(args));
	if (fs != NULL)
		snprintf(m->fm_type, sizeof(m->fm_type), "%s", type);
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

int
fsu_mount_open(struct fsu_mount *m, bool readonly)
{
	static const char *const alltypes[] = { "ffs", "ext2fs", NULL };
	const char *type = fsu_typename(m->fm_type), *raw;
	int flags, error;

	if (fsu_mntflags(m, &flags) != 0 || fsu_checkpart(m) != 0)
		return -1;
	if (readonly)
		flags |= RUMP_MNT_RDONLY;
	if (ukfs_init() != 0) {
		fprintf(stderr, "%s: rump kernel: %s\n", fsu_cmdname(),
		    strerror(errno));
		return -1;
	}
	if (*type == '\0') {
		type = ukfs_probe_type(m->fm_image, &raw);
		if (type == NULL && errno == EOPNOTSUPP) {
			fprintf(stderr, "%s: %s: no driver for %s\n",
			    fsu_cmdname(), m->fm_image, raw);
			return -1;
		}
	}
	if (type != NULL && *type != '\0') {
		m->fm_fs = fsu_trymount(m, type, flags);
	} else {
		for (int i = 0; alltypes[i] && m->fm_fs == NULL; i++)
			m->fm_fs = fsu_trymount(m, alltypes[i], flags);
	}
	if (m->fm_fs == NULL) {
		error = errno;
		/* every driver refused it (the last one may not be built) */
		if ((type == NULL || *type == '\0') && (error == EINVAL ||
		    error == ENODEV))
			fprintf(stderr, "%s: %s: no file system recognised "
			    "(tried ffs, ext2fs)\n", fsu_cmdname(),
			    m->fm_image);
		else if (error == ENODEV && type != NULL)
			fprintf(stderr, "%s: %s: %s: no such driver in fsu "
			    "(there are ffs (ufs), ext2fs (ext2, ext3, "
			    "ext4))\n", fsu_cmdname(), m->fm_image, type);
		else if (error == EBUSY)
			;	/* the image lock said "image: in use by pid N" */
		else if (*ukfs_mount_error() != '\0')
			fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(),
			    m->fm_image, ukfs_mount_error());
		else
			fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(),
			    m->fm_image, strerror(error));
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
