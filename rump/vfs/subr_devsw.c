/*
 * Device switches: drivers attach a block and/or character switch under
 * a name and get a major number; device vnodes find their driver here.
 */
#include <sys/types.h>
#include <sys/conf.h>

#include "vfs_impl.h"

#define MAXDEVSW	64
#define DEVSW_NAMELEN	16

struct devsw_slot {
	char ds_name[DEVSW_NAMELEN];
	const struct bdevsw *ds_bdev;
	const struct cdevsw *ds_cdev;
	bool ds_used;
};

static struct devsw_slot devsw_tab[MAXDEVSW];
static kmutex_t devsw_lock;
static bool devsw_inited;

/* also on first use: a driver may attach before the VFS component */
void
devsw_init(void)
{

	if (devsw_inited)
		return;
	mutex_init(&devsw_lock, MUTEX_DEFAULT, IPL_NONE);
	devsw_inited = true;
}

static int
devsw_pick(const char *name)
{
	int i, freeslot = -1;

	/* a name attached before gets its old major back */
	for (i = 1; i < MAXDEVSW; i++) {
		if (devsw_tab[i].ds_name[0] != '\0' &&
		    strcmp(devsw_tab[i].ds_name, name) == 0)
			return devsw_tab[i].ds_used ? -2 : i;
		if (freeslot < 0 && devsw_tab[i].ds_name[0] == '\0')
			freeslot = i;
	}
	return freeslot;
}

int
devsw_attach(const char *name, const struct bdevsw *bdev,
    const struct cdevsw *cdev, int32_t *majorp)
{
	int m;

	if (name == NULL || (bdev == NULL && cdev == NULL))
		return EINVAL;
	devsw_init();
	mutex_enter(&devsw_lock);
	m = *majorp;
	if (m < 0)
		m = devsw_pick(name);
	if (m == -2 || (m >= 0 && m < MAXDEVSW && devsw_tab[m].ds_used)) {
		mutex_exit(&devsw_lock);
		return EEXIST;
	}
	if (m < 0 || m >= MAXDEVSW) {
		mutex_exit(&devsw_lock);
		return m < 0 ? ENOSPC : EINVAL;
	}
	strlcpy(devsw_tab[m].ds_name, name, DEVSW_NAMELEN);
	devsw_tab[m].ds_bdev = bdev;
	devsw_tab[m].ds_cdev = cdev;
	devsw_tab[m].ds_used = true;
	mutex_exit(&devsw_lock);
	*majorp = m;
	return 0;
}

int
devsw_detach(const struct bdevsw *bdev, const struct cdevsw *cdev)
{
	int i;

	if (!devsw_inited)
		return ENOENT;
	mutex_enter(&devsw_lock);
	for (i = 0; i < MAXDEVSW; i++) {
		if (devsw_tab[i].ds_used && devsw_tab[i].ds_bdev == bdev &&
		    devsw_tab[i].ds_cdev == cdev) {
			devsw_tab[i].ds_used = false;
			devsw_tab[i].ds_bdev = NULL;
			devsw_tab[i].ds_cdev = NULL;
			mutex_exit(&devsw_lock);
			return 0;
		}
	}
	mutex_exit(&devsw_lock);
	return ENOENT;
}

const struct bdevsw *
bdevsw_lookup(dev_t dev)
{
	const struct bdevsw *bdev = NULL;
	int m;

	if (!devsw_inited || dev == NODEV || (m = major(dev)) < 0 ||
	    m >= MAXDEVSW)
		return NULL;
	mutex_enter(&devsw_lock);
	if (devsw_tab[m].ds_used)
		bdev = devsw_tab[m].ds_bdev;
	mutex_exit(&devsw_lock);
	return bdev;
}

const struct cdevsw *
cdevsw_lookup(dev_t dev)
{
	const struct cdevsw *cdev = NULL;
	int m;

	if (!devsw_inited || dev == NODEV || (m = major(dev)) < 0 ||
	    m >= MAXDEVSW)
		return NULL;
	mutex_enter(&devsw_lock);
	if (devsw_tab[m].ds_used)
		cdev = devsw_tab[m].ds_cdev;
	mutex_exit(&devsw_lock);
	return cdev;
}
