/*
 * ffs_walk: print a manifest of a tree, one line per file, sorted:
 *	path type perms uid gid size mtime content
 * content: FNV-1a hash of the data (regular files), the target
 * (symlinks), major,minor (devices); directories list sizes as '-'.
 * A hard link prints "=first-path" as well, so link groups compare.
 *
 *	ffs_walk -H dir			walk a host directory (libc)
 *	ffs_walk -P dir image		copy host tree dir into the image's
 *					root through the driver (owners,
 *					modes, times, links, devices)
 *	ffs_walk [-wflsx] image		mount image with the rump ffs driver
 *					(-x: list extended attributes too)
 *					(read-only unless -w; -f: MNT_FORCE,
 *					-l: MNT_LOG, -s: MNT_SOFTDEP)
 *					and walk it through rump_sys_*
 *
 * Exit: 0 walked cleanly, 1 errors while walking (printed), 2 the mount
 * failed (errno printed as "mount: <errno name>"), 3 usage/boot.
 * Used by the driver tests to compare makefs images with their source
 * tree and to check hostile images end in errors, never crashes.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>

static bool host, xattrs;
static int nerrors;

struct seen {
	uint64_t ino;
	char *path;
};
static struct seen *seen;
static size_t nseen;

struct ent {
	char *name;
};

static void
err(const char *what, const char *path)
{
	printf("error: %s %s: %s\n", what, path, strerror(errno));
	nerrors++;
}

static int
x_lstat(const char *p, struct stat *st)
{
	struct rump_stat rs;

	if (host)
		return lstat(p, st);
	if (rump_sys_lstat(p, &rs) == -1)
		return -1;
	memset(st, 0, sizeof(*st));
	st->st_ino = rs.st_ino;
	st->st_mode = rs.st_mode;
	st->st_nlink = rs.st_nlink;
	st->st_uid = rs.st_uid;
	st->st_gid = rs.st_gid;
	st->st_rdev = makedev(rs.st_rdev >> 32, rs.st_rdev & 0xffffffff);
	st->st_size = rs.st_size;
	st->st_mtim.tv_sec = rs.st_mtim.tv_sec;
	st->st_mtim.tv_nsec = rs.st_mtim.tv_nsec;
	return 0;
}

static int
x_open(const char *p, int fl)
{
	return host ? open(p, fl) : rump_sys_open(p, fl);
}

static ssize_t
x_read(int fd, void *b, size_t n)
{
	return host ? read(fd, b, n) : rump_sys_read(fd, b, n);
}

static int
x_close(int fd)
{
	return host ? close(fd) : rump_sys_close(fd);
}

static ssize_t
x_readlink(const char *p, char *b, size_t n)
{
	return host ? readlink(p, b, n) : rump_sys_readlink(p, b, n);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* names in dir, sorted, without . and .. */
static char **
listdir(const char *dir, size_t *np)
{
	char **v = NULL;
	size_t n = 0;

	if (host) {
		DIR *d = opendir(dir);
		struct dirent *de;

		if (d == NULL) {
			err("opendir", dir);
			*np = 0;
			return NULL;
		}
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			v = realloc(v, (n + 1) * sizeof(*v));
			v[n++] = strdup(de->d_name);
		}
		closedir(d);
	} else {
		char buf[8192];
		rump_ssize_t got;
		int fd = rump_sys_open(dir, O_RDONLY | O_DIRECTORY);

		if (fd == -1) {
			err("open dir", dir);
			*np = 0;
			return NULL;
		}
		while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
			size_t off = 0;

			while (off < (size_t)got) {
				struct rump_dirent *de = (void *)(buf + off);

				off += de->d_reclen;
				if (de->d_reclen == 0)
					break;
				if (!strcmp(de->d_name, ".") ||
				    !strcmp(de->d_name, ".."))
					continue;
				v = realloc(v, (n + 1) * sizeof(*v));
				v[n++] = strdup(de->d_name);
			}
		}
		if (got < 0)
			err("getdents", dir);
		rump_sys_close(fd);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp);
	*np = n;
	return v;
}

static uint64_t
hashfile(const char *p, bool *ok)
{
	static char buf[65536];
	uint64_t h = 1469598103934665603ULL;
	ssize_t got = 0, i, total = 0;
	int fd = x_open(p, O_RDONLY);

	*ok = fd >= 0;
	if (fd < 0) {
		err("open", p);
		return 0;
	}
	/* bounded: a damaged size can make a file terabytes of holes */
	while (total < (64 << 20) &&
	    (got = x_read(fd, buf, sizeof(buf))) > 0) {
		total += got;
		for (i = 0; i < got; i++) {
			h ^= (uint8_t)buf[i];
			h *= 1099511628211ULL;
		}
	}
	if (got < 0) {
		err("read", p);
		*ok = false;
	}
	x_close(fd);
	return h;
}

/* " [name=value ...]" of the extended attributes, through the syscalls */
static void
print_xattrs(const char *path)
{
	char names[1024], val[256], *n;
	int len, vl;

	len = rump_sys_llistxattr(path, names, sizeof(names));
	if (len < 0) {
		err("listxattr", path);
		return;
	}
	for (n = names; n < names + len; n += strlen(n) + 1) {
		vl = rump_sys_lgetxattr(path, n, val, sizeof(val) - 1);
		if (vl < 0) {
			err("getxattr", path);
			continue;
		}
		val[vl] = '\0';
		printf(" %s=%s", n, val);
	}
}

static void
walk(const char *root, const char *rel, int depth)
{
	char path[4096], r[4096], tgt[4096];
	struct stat st;
	size_t n, i, k;
	char **names;
	bool ok;

	if (depth > 64) {
		printf("error: too deep at %s\n", rel);
		nerrors++;
		return;
	}
	snprintf(path, sizeof(path), "%s%s", root, rel);
	names = listdir(path, &n);
	for (i = 0; i < n; i++) {
		snprintf(r, sizeof(r), "%s/%s", rel, names[i]);
		snprintf(path, sizeof(path), "%s%s", root, r);
		if (x_lstat(path, &st) == -1) {
			err("lstat", r);
			continue;
		}
		printf("%s %o %o %u %u ", r, (st.st_mode >> 12) & 017,
		    st.st_mode & 07777, st.st_uid, st.st_gid);
		if (S_ISDIR(st.st_mode))
			printf("- ");
		else
			printf("%lld ", (long long)st.st_size);
		/* makefs keeps whole seconds only */
		printf("%lld ", (long long)st.st_mtim.tv_sec);
		if (S_ISREG(st.st_mode)) {
			uint64_t h = hashfile(path, &ok);

			printf("%016llx", (unsigned long long)h);
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t l = x_readlink(path, tgt, sizeof(tgt) - 1);

			if (l < 0)
				err("readlink", r);
			tgt[l < 0 ? 0 : l] = '\0';
			printf("->%s", tgt);
		} else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
			printf("%u,%u", major(st.st_rdev), minor(st.st_rdev));
		if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
			for (k = 0; k < nseen; k++)
				if (seen[k].ino == st.st_ino)
					break;
			if (k < nseen)
				printf(" =%s", seen[k].path);
			else {
				seen = realloc(seen, (nseen + 1) *
				    sizeof(*seen));
				seen[nseen].ino = st.st_ino;
				seen[nseen++].path = strdup(r);
			}
		}
		if (xattrs && !host)
			print_xattrs(path);
		printf("\n");
		if (S_ISDIR(st.st_mode))
			walk(root, r, depth + 1);
		free(names[i]);
	}
	free(names);
}

/* copy host tree src (relative rel) into the mounted image below /mnt */
static void
put(const char *src, const char *rel, int depth)
{
	char hp[4096], rp[4096], tgt[4096];
	static char buf[65536];
	struct rump_timespec ts[2];
	struct stat st;
	struct dirent *de;
	size_t k;
	ssize_t n;
	DIR *d;
	int hfd, fd;

	snprintf(hp, sizeof(hp), "%s%s", src, rel);
	if ((d = opendir(hp)) == NULL || depth > 64) {
		err("opendir", hp);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(hp, sizeof(hp), "%s%s/%s", src, rel, de->d_name);
		snprintf(rp, sizeof(rp), "/mnt%s/%s", rel, de->d_name);
		if (lstat(hp, &st) == -1) {
			err("lstat", hp);
			continue;
		}
		for (k = 0; k < nseen; k++)
			if (seen[k].ino == st.st_ino)
				break;
		if (k < nseen && st.st_nlink > 1 && !S_ISDIR(st.st_mode)) {
			if (rump_sys_link(seen[k].path, rp) == -1)
				err("link", rp);
			continue;
		}
		if (st.st_nlink > 1 && !S_ISDIR(st.st_mode)) {
			seen = realloc(seen, (nseen + 1) * sizeof(*seen));
			seen[nseen].ino = st.st_ino;
			seen[nseen++].path = strdup(rp);
		}
		if (S_ISDIR(st.st_mode)) {
			if (rump_sys_mkdir(rp, 0700) == -1)
				err("mkdir", rp);
			snprintf(tgt, sizeof(tgt), "%s/%s", rel, de->d_name);
			put(src, tgt, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			fd = rump_sys_open(rp, O_WRONLY | O_CREAT | O_EXCL,
			    0600);
			hfd = open(hp, O_RDONLY);
			if (fd == -1 || hfd == -1)
				err("create", rp);
			while (fd != -1 && hfd != -1 &&
			    (n = read(hfd, buf, sizeof(buf))) > 0)
				if (rump_sys_write(fd, buf, (size_t)n) != n)
					err("write", rp);
			if (hfd != -1)
				close(hfd);
			if (fd != -1)
				rump_sys_close(fd);
		} else if (S_ISLNK(st.st_mode)) {
			n = readlink(hp, tgt, sizeof(tgt) - 1);
			tgt[n < 0 ? 0 : n] = '\0';
			if (rump_sys_symlink(tgt, rp) == -1)
				err("symlink", rp);
		} else if (rump_sys_mknod(rp, st.st_mode, (uint64_t)major(
		    st.st_rdev) << 32 | minor(st.st_rdev)) == -1)
			err("mknod", rp);
		if (rump_sys_lchown(rp, st.st_uid, st.st_gid) == -1)
			err("chown", rp);
		if ((S_ISLNK(st.st_mode) ? rump_sys_lchmod(rp,
		    st.st_mode & 07777) : rump_sys_chmod(rp,
		    st.st_mode & 07777)) == -1)
			err("chmod", rp);
	}
	closedir(d);
	/* times last, once nothing below changes any more */
	snprintf(hp, sizeof(hp), "%s%s", src, rel);
	if ((d = opendir(hp)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, "..") || (!strcmp(de->d_name, ".") &&
		    rel[0] == '\0'))
			continue;
		snprintf(hp, sizeof(hp), "%s%s/%s", src, rel, de->d_name);
		snprintf(rp, sizeof(rp), "/mnt%s/%s", rel, de->d_name);
		if (lstat(hp, &st) == -1)
			continue;
		ts[0].tv_sec = st.st_atim.tv_sec;
		ts[0].tv_nsec = st.st_atim.tv_nsec;
		ts[1].tv_sec = st.st_mtim.tv_sec;
		ts[1].tv_nsec = st.st_mtim.tv_nsec;
		if (rump_sys_utimensat(-100, rp, ts, 0x100) == -1)
			err("utimensat", rp);
	}
	closedir(d);
}

static int
mount_image(const char *image, int flags)
{
	struct { char *fspec; } args = { (char *)"/dev/ffsimg" };
	int e;

	if ((e = rump_init()) != 0) {
		printf("rump_init: %s\n", strerror(e));
		return 3;
	}
	e = rump_pub_etfs_register("/dev/ffsimg", image, RUMP_ETFS_BLK);
	if (e != 0) {
		printf("etfs: %s\n", strerror(e));
		return 3;
	}
	if (rump_sys_mkdir("/mnt", 0755) == -1 && errno != EEXIST) {
		printf("mkdir: %s\n", strerror(errno));
		return 3;
	}
	if (rump_sys_mount("ffs", "/mnt", flags, &args, sizeof(args)) == -1) {
		printf("mount: %s\n", strerror(errno));
		return 2;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int ch, flags = RUMP_MNT_RDONLY, e;

	const char *src = NULL;

	while ((ch = getopt(argc, argv, "HwflsxP:")) != -1) {
		switch (ch) {
		case 'x':
			xattrs = true;
			break;
		case 'P':
			src = optarg;
			flags &= ~RUMP_MNT_RDONLY;
			break;
		case 'H':
			host = true;
			break;
		case 'w':
			flags &= ~RUMP_MNT_RDONLY;
			break;
		case 'f':
			flags |= RUMP_MNT_FORCE;
			break;
		case 'l':
			flags |= RUMP_MNT_LOG;
			break;
		case 's':
			flags |= RUMP_MNT_SOFTDEP;
			break;
		default:
			return 3;
		}
	}
	if (optind != argc - 1)
		return 3;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (host) {
		walk(argv[optind], "", 0);
		return nerrors ? 1 : 0;
	}
	if ((e = mount_image(argv[optind], flags)) != 0)
		return e;
	if (src != NULL)
		put(src, "", 0);
	else
		walk("/mnt", "", 0);
	if (rump_sys_unmount("/mnt", 0) == -1)
		err("unmount", "/mnt");
	return nerrors ? 1 : 0;
}
