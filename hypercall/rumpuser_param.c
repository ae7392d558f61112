/*
 * rumpuser_getparam: host parameters the kernel asks for at boot.
 * Names starting with "_RUMPUSER_" are computed; any other name is read
 * from the environment (so RUMP_MEMLIMIT and friends come from there).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rumpuser_int.h"

static int
param_copy(const char *value, char *buf, size_t buflen)
{
	size_t len = strlen(value);

	if (len + 1 > buflen)
		return ENOMEM;
	memcpy(buf, value, len + 1);
	return 0;
}

int
rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	char tmp[256];
	const char *value;
	long ncpu;

	if (name == NULL || buf == NULL || buflen == 0)
		return EINVAL;
	if (strcmp(name, RUMPUSER_PARAM_NCPU) == 0) {
		/* An explicit RUMP_NCPU wins over the host's count. */
		value = getenv("RUMP_NCPU");
		if (value != NULL && atoi(value) > 0)
			return param_copy(value, buf, buflen);
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		if (ncpu < 1)
			ncpu = 1;
		snprintf(tmp, sizeof(tmp), "%ld", ncpu);
		return param_copy(tmp, buf, buflen);
	}
	if (strcmp(name, RUMPUSER_PARAM_HOSTNAME) == 0) {
		if (gethostname(tmp, sizeof(tmp)) == -1)
			return rumpuser__errtrans(errno);
		tmp[sizeof(tmp) - 1] = '\0';
		return param_copy(tmp, buf, buflen);
	}
	if (strcmp(name, RUMPUSER_PARAM_PHYSMEM) == 0) {
		long pages = sysconf(_SC_PHYS_PAGES);
		long psize = sysconf(_SC_PAGESIZE);

		if (pages < 1 || psize < 1)
			return ENOENT;
		snprintf(tmp, sizeof(tmp), "%llu",
		    (unsigned long long)pages * (unsigned long long)psize);
		return param_copy(tmp, buf, buflen);
	}
	value = getenv(name);
	if (value == NULL)
		return ENOENT;
	return param_copy(value, buf, buflen);
}
