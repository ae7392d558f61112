/*
 * Random numbers: a fast generator (xorshift*, reseeded from the host)
 * for hashing and generation numbers, the host's for strong randomness.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/cprng.h>

#include <rump/rumpuser.h>

static uint64_t cprng_state;

void
cprng_strong(void *buf, size_t len)
{
	size_t got;

	while (len > 0) {
		if (rumpuser_getrandom(buf, len, 0, &got) != 0 || got == 0)
			panic("cprng_strong: no randomness from the host");
		buf = (char *)buf + got;
		len -= got;
	}
}

uint64_t
cprng_fast64(void)
{
	uint64_t x = __atomic_load_n(&cprng_state, __ATOMIC_RELAXED), n;

	do {
		if (x == 0)
			cprng_strong(&x, sizeof(x));
		n = x ^ (x >> 12);
		n ^= n << 25;
		n ^= n >> 27;
	} while (!__atomic_compare_exchange_n(&cprng_state, &x, n, false,
	    __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return n * 0x2545f4914f6cdd1dULL;
}

uint32_t
cprng_fast32(void)
{
	return (uint32_t)(cprng_fast64() >> 32);
}
