/*
 * Reproducible images (-T, SOURCE_DATE_EPOCH).  The driver stamps what
 * it makes with the kernel's wall clock (change times, FAT creation
 * times, the superblock's) and takes generation numbers and placement
 * hints from its random numbers.  The program is linked with
 * --wrap=rumpuser_clock_gettime and --wrap=rumpuser_getrandom, so the
 * kernel's calls come here: under -T the wall clock stands still at the
 * time given and the random numbers are a fixed sequence seeded from it;
 * otherwise both are the host's.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>

#include <rump/rumpuser.h>

#include "makefs.h"

int __real_rumpuser_clock_gettime(int, int64_t *, long *);
int __wrap_rumpuser_clock_gettime(int, int64_t *, long *);
int __real_rumpuser_getrandom(void *, size_t, int, size_t *);
int __wrap_rumpuser_getrandom(void *, size_t, int, size_t *);

static bool repro_on;
static int64_t repro_time;
static uint64_t repro_state;

void
mkfs_repro_set(int64_t when)
{
	repro_on = true;
	repro_time = when;
	repro_state = (uint64_t)when ^ 0x6d616b656673ULL;
}

/* splitmix64: a fixed sequence from the seed */
static uint64_t
repro_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int
__wrap_rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec)
{
	if (!repro_on || clk != RUMPUSER_CLOCK_RELWALL)
		return __real_rumpuser_clock_gettime(clk, sec, nsec);
	*sec = repro_time;
	*nsec = 0;
	return 0;
}

int
__wrap_rumpuser_getrandom(void *buf, size_t len, int flags, size_t *retp)
{
	unsigned char *p = buf;
	uint64_t v = 0;
	size_t i;

	if (!repro_on)
		return __real_rumpuser_getrandom(buf, len, flags, retp);
	for (i = 0; i < len; i++) {
		if (i % 8 == 0)
			v = repro_next(&repro_state);
		p[i] = (unsigned char)(v >> (i % 8 * 8));
	}
	*retp = len;
	return 0;
}

/* volume serial numbers, UUIDs: the formatters' randomness */
uint32_t
mkfs_random32(const struct mkfs_opts *o, uint32_t salt)
{
	uint64_t state;
	uint32_t v;

	if (o->timeset) {
		state = (uint64_t)o->timestamp * 0x100000001ULL + salt;
		return (uint32_t)repro_next(&state);
	}
	if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
		v = (uint32_t)time(NULL) ^ salt;
	return v;
}
