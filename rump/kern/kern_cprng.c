/*
 * Random numbers: a fast generator (xorshift*, seeded from the host)
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

/* seed once from the host; a racing seeder's value is as good */
static uint64_t
cprng_seed(void)
{
	uint64_t seed = 0, zero = 0;

	while (seed == 0)
		cprng_strong(&seed, sizeof(seed));
	(void)__atomic_compare_exchange_n(&cprng_state, &zero, seed, false,
	    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	return __atomic_load_n(&cprng_state, __ATOMIC_RELAXED);
}

uint64_t
cprng_fast64(void)
{
	uint64_t x = __atomic_load_n(&cprng_state, __ATOMIC_RELAXED), n;

	if (__predict_false(x == 0))
		x = cprng_seed();
	do {
		n = x ^ (x >> 12);	/* xorshift64: never reaches 0 */
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
