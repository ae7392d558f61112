/*
 * /dev/null and /dev/zero: a tiny character driver so that the root file
 * system has the two device nodes programs expect.
 */
#include <sys/conf.h>
#include <sys/rumpcomp.h>

#include "rumpfs_int.h"

#define DEVMEM_NULL	2
#define DEVMEM_ZERO	12

int32_t rumpfs_devmem_major = -1;

static int
devmem_open(dev_t dev, int flags, int fmt, struct lwp *l)
{
	int m = minor(dev);

	return m == DEVMEM_NULL || m == DEVMEM_ZERO ? 0 : ENXIO;
}

static int
devmem_close(dev_t dev, int flags, int fmt, struct lwp *l)
{

	return 0;
}

static int
devmem_read(dev_t dev, struct uio *uio, int flags)
{

	if (minor(dev) == DEVMEM_NULL)
		return 0;
	return uiomove_zero(uio->uio_resid, uio);
}

/* both swallow everything */
static int
devmem_write(dev_t dev, struct uio *uio, int flags)
{

	uio->uio_offset += (off_t)uio->uio_resid;
	uio->uio_resid = 0;
	return 0;
}

static const struct cdevsw devmem_cdevsw = {
	.d_open = devmem_open,
	.d_close = devmem_close,
	.d_read = devmem_read,
	.d_write = devmem_write,
};

RUMP_COMPONENT(RUMP_COMPONENT_DEV)
{
	int32_t major = -1;

	if (devsw_attach("mem", NULL, &devmem_cdevsw, &major) == 0)
		rumpfs_devmem_major = major;
}
