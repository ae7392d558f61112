/*
 * A special in place of the image, as NetBSD's fs-utils take it:
 * host:/path is an NFS export, mounted by the device-less nfs driver
 * (no image to register, nothing to probe), its -o words parsed by the
 * driver's own parser, the calls made with the caller's ids (the server
 * decides with them, AUTH_SYS).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rump/ukfs_driver.h>

#include "fsu_mount.h"

/* what a host name or an IPv4 address is made of */
#define FSU_HOSTCHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"0123456789.-_"
/* the rump kernel's NGROUPS: more would be refused (AUTH_SYS sends 16) */
#define FSU_NGROUPS	32

/*
 * host:/path: a colon before the first slash after a host name, an
 * address or a bracketed IPv6 address, and no local file of that name
 * (which stays an image: "a:/b" could be one in a directory "a:").
 */
static bool
fsu_remote_form(const char *image)
{
	const char *colon, *slash = strchr(image, '/');
	struct stat st;
	size_t hlen;

	if (image[0] == '[') {
		colon = strstr(image, "]:");
		colon = colon != NULL ? colon + 1 : NULL;
	} else {
		colon = strchr(image, ':');
		hlen = colon != NULL ? (size_t)(colon - image) : 0;
		if (strspn(image, FSU_HOSTCHARS) != hlen)
			return false;
	}
	if (colon == NULL || colon == image || slash == NULL ||
	    slash < colon)
		return false;
	return stat(image, &st) == -1 && errno == ENOENT;
}

const struct ukfs_driver *
fsu_remote_driver(const struct fsu_mount *m)
{
	const struct ukfs_driver *drv;

	if (m->fm_type[0] != '\0') {
		drv = ukfs_driver_find(m->fm_type);
		return drv != NULL && !drv->ud_disk ? drv : NULL;
	}
	return fsu_remote_form(m->fm_image) ? ukfs_driver_find("nfs") : NULL;
}

/* the calls as this user: the server checks permissions with these ids */
static int
fsu_remote_cred(struct fsu_mount *m)
{
	uint32_t g32[FSU_NGROUPS];
	gid_t *gids = NULL;
	int n, i, rv;

	/* all of them (there may be more than fit), then the first ones */
	n = getgroups(0, NULL);
	if (n > 0 && (gids = calloc((size_t)n, sizeof(*gids))) != NULL)
		n = getgroups(n, gids);
	if (n < 0 || gids == NULL)
		n = 0;
	n = n < FSU_NGROUPS ? n : FSU_NGROUPS;
	for (i = 0; i < n; i++)
		g32[i] = (uint32_t)gids[i];
	free(gids);
	rv = ukfs_setcred(m->fm_fs, (uint32_t)geteuid(), (uint32_t)getegid(),
	    n, g32);
	if (rv != 0)
		fsu_warnx("credentials: %s", strerror(errno));
	return rv;
}

/* why the mount failed, in one line (the driver prints nothing) */
static void
fsu_remote_failed(int error)
{
	const char *what;

	switch (error) {
	case ECONNREFUSED: case ETIMEDOUT: case EHOSTUNREACH:
	case ENETUNREACH: case EHOSTDOWN: case EAGAIN:
		what = "server unreachable";
		break;
	case EPROTONOSUPPORT:	/* the portmapper knows no such service */
		what = "no NFSv3 or MOUNT service registered there";
		break;
	case ENOENT: case EACCES: case EPERM: case ENOTDIR:
		what = "no such export (or not for this host)";
		break;
	default:
		what = "mount failed";
		break;
	}
	fsu_warnx("%s: %s", what, strerror(error));
}

/* "[v6addr]:/path": the nfs driver reads the host up to the first ':' */
static bool
fsu_remote_v6(const struct fsu_mount *m)
{
	if (m->fm_image[0] != '[')
		return false;
	fsu_warnx("IPv6 addresses are not supported here; name the "
	    "server by a host name that resolves to it");
	return true;
}

int
fsu_remote_open(struct fsu_mount *m, const struct ukfs_driver *drv,
    bool readonly)
{
	void *args;
	int flags, error;

	if (fsu_remote_v6(m))
		return -1;
	if ((args = ukfs_driver_mkargs(drv)) == NULL) {
		fsu_warnx("%s", strerror(errno));
		return -1;
	}
	if (fsu_mount_flags(m, drv, args, &flags) != 0 ||
	    (drv->ud_check != NULL &&
	    drv->ud_check(fsu_cmdname(), m->fm_image, flags) != 0)) {
		free(args);
		return -1;
	}
	if (readonly)
		flags |= RUMP_MNT_RDONLY;
	if (drv->ud_argsize >= sizeof(char *))
		*(const char **)args = m->fm_image;	/* fspec */
	if (m->fm_verbose)
		fprintf(stderr, "%s: mounting %s with %s\n", fsu_cmdname(),
		    m->fm_image, drv->ud_name);
	/* the kernel has copied the args once the mount returns */
	m->fm_fs = ukfs_mount(drv->ud_name, m->fm_image, UKFS_DEFAULTMP,
	    flags, args, drv->ud_argsize);
	error = errno;
	free(args);
	if (m->fm_fs == NULL) {
		fsu_remote_failed(error);
		return -1;
	}
	snprintf(m->fm_type, sizeof(m->fm_type), "%s", drv->ud_name);
	if (fsu_remote_cred(m) != 0) {
		(void)fsu_mount_close(m);
		return -1;
	}
	return 0;
}
