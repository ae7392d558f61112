/*
 * main of every rump_<fs> server: the program's name picks the driver, so
 * that a new driver's server is only a name in its module.mk.
 */
#include <stdio.h>
#include <string.h>

#include <rump/ukfs_driver.h>

#include "rumpserv.h"

#define RS_PREFIX	"rump_"

int
main(int argc, char **argv)
{
	const struct ukfs_driver *drv = NULL;
	const char *name = argc > 0 ? argv[0] : "", *slash;

	/* as mount(8) runs us, through a link in its PATH, or by path */
	if ((slash = strrchr(name, '/')) != NULL)
		name = slash + 1;
	if (strncmp(name, RS_PREFIX, strlen(RS_PREFIX)) == 0)
		drv = ukfs_driver_find(name + strlen(RS_PREFIX));
	if (drv == NULL || strcmp(drv->ud_name, name +
	    strlen(RS_PREFIX)) != 0) {
		fprintf(stderr, "%s: the program's name must be rump_<fs>, "
		    "one of: %s\n", name, ukfs_driver_list(false));
		return 2;
	}
	return rumpserv_main(drv, name, argc, argv);
}
