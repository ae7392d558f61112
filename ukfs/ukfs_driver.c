/*
 * The registry of drivers: filled by the registrations' constructors
 * before main, read-only after, so it needs no lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/ukfs_driver.h>

/* more than the tree will hold for a long time; extra ones are refused */
#define UKFS_MAXDRIVERS	32

static const struct ukfs_driver *ukfs_drivers[UKFS_MAXDRIVERS];
static size_t ukfs_ndrivers;

/* kept sorted by ud_order: constructors run in link order, not ours */
void
ukfs_driver_register(const struct ukfs_driver *drv)
{
	size_t i;

	if (ukfs_ndrivers == UKFS_MAXDRIVERS) {
		fprintf(stderr, "ukfs: too many drivers, %s left out\n",
		    drv->ud_name);
		return;
	}
	for (i = ukfs_ndrivers; i > 0 &&
	    ukfs_drivers[i - 1]->ud_order > drv->ud_order; i--)
		ukfs_drivers[i] = ukfs_drivers[i - 1];
	ukfs_drivers[i] = drv;
	ukfs_ndrivers++;
}

const struct ukfs_driver *
ukfs_driver_at(size_t i)
{
	return i < ukfs_ndrivers ? ukfs_drivers[i] : NULL;
}

static bool
ukfs_driver_named(const struct ukfs_driver *drv, const char *name)
{
	const char *const *a;

	if (strcmp(drv->ud_name, name) == 0)
		return true;
	for (a = drv->ud_aliases; a != NULL && *a != NULL; a++)
		if (strcmp(*a, name) == 0)
			return true;
	return false;
}

const struct ukfs_driver *
ukfs_driver_find(const char *name)
{
	size_t i;

	for (i = 0; i < ukfs_ndrivers; i++)
		if (ukfs_driver_named(ukfs_drivers[i], name))
			return ukfs_drivers[i];
	return NULL;
}

void *
ukfs_driver_mkargs(const struct ukfs_driver *drv)
{
	void *args;

	/* one byte at least: a driver without args still gets a pointer */
	if ((args = calloc(1, drv->ud_argsize ? drv->ud_argsize : 1)) == NULL)
		return NULL;
	if (drv->ud_mkargs != NULL)
		drv->ud_mkargs(args);
	return args;
}

/* append s to buf (of size n) as far as it fits */
static void
ukfs_driver_cat(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);

	if (len < n)
		snprintf(buf + len, n - len, "%s", s);
}

const char *
ukfs_driver_list(bool with_aliases)
{
	static char buf[512];
	const char *const *a;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < ukfs_ndrivers; i++) {
		if (i > 0)
			ukfs_driver_cat(buf, sizeof(buf), ", ");
		ukfs_driver_cat(buf, sizeof(buf), ukfs_drivers[i]->ud_name);
		a = ukfs_drivers[i]->ud_aliases;
		if (!with_aliases || a == NULL || *a == NULL)
			continue;
		ukfs_driver_cat(buf, sizeof(buf), " (");
		for (; *a != NULL; a++) {
			ukfs_driver_cat(buf, sizeof(buf), *a);
			ukfs_driver_cat(buf, sizeof(buf), a[1] ? ", " : ")");
		}
	}
	return buf;
}

int
ukfs_flagword(const char *who, const struct ukfs_flagword *w, size_t n,
    const char *key, const char *value, uint32_t *flags)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(key, w[i].fw_word) != 0)
			continue;
		if (value != NULL) {
			fprintf(stderr, "%s: -o %s=%s: %s takes no value\n",
			    who, key, value, key);
			return -1;
		}
		*flags |= w[i].fw_set;
		*flags &= ~w[i].fw_clear;
		return 1;
	}
	return 0;
}
