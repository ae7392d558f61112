/*
 * -o uid=N and -o gid=N: the image's user (group) N and the mounting user
 * (the server's real uid and gid) are one.  Files owned by N on the image
 * are shown owned by the mounting user, and the mounting user's requests
 * (and the owners they set) act as N on the image; every other id passes
 * unchanged.  An image made on another machine, or by mke2fs -d and
 * makefs as root, so becomes the mounting user's own.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2k_impl.h"

/* id a, seen from one side, is id b on the other (when mapping is on) */
static uint32_t
p2k_idmap(bool on, uint32_t a, uint32_t b, uint32_t id)
{
	return on && id == a ? b : id;
}

uint32_t
p2k_uid_in(const struct p2k_mount *p2m, uint32_t hostuid)
{
	return p2k_idmap(p2m->p2m_mapuid, p2m->p2m_hostuid, p2m->p2m_imguid,
	    hostuid);
}

uint32_t
p2k_gid_in(const struct p2k_mount *p2m, uint32_t hostgid)
{
	return p2k_idmap(p2m->p2m_mapgid, p2m->p2m_hostgid, p2m->p2m_imggid,
	    hostgid);
}

uint32_t
p2k_uid_out(const struct p2k_mount *p2m, uint32_t imguid)
{
	return p2k_idmap(p2m->p2m_mapuid, p2m->p2m_imguid, p2m->p2m_hostuid,
	    imguid);
}

uint32_t
p2k_gid_out(const struct p2k_mount *p2m, uint32_t imggid)
{
	return p2k_idmap(p2m->p2m_mapgid, p2m->p2m_imggid, p2m->p2m_hostgid,
	    imggid);
}

/* "uid=N" or "gid=N" (N a decimal id below 2^32 - 1): 0, or -1 */
int
p2k_idopt(struct p2k_mount *p2m, const char *arg)
{
	bool isuid = strncmp(arg, "uid=", 4) == 0;
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(arg + 4, &end, 10);
	/* (uint32_t)-1 means "no change" to chown(2): never an owner */
	if (arg[4] < '0' || arg[4] > '9' || *end != '\0' || errno != 0 ||
	    n >= UINT32_MAX)
		return -1;
	if (isuid) {
		p2m->p2m_mapuid = true;
		p2m->p2m_imguid = (uint32_t)n;
	} else {
		p2m->p2m_mapgid = true;
		p2m->p2m_imggid = (uint32_t)n;
	}
	return 0;
}
