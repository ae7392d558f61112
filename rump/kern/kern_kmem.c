/*
 * Kernel memory, accounted against a limit (RUMP_MEMLIMIT: bytes with an
 * optional k/m/g/t suffix, or a percentage of host memory; default
 * unlimited).  Over the limit the reclaim hooks run once, then the
 * allocation fails with NULL, KM_SLEEP or not.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/atomic.h>

#include <rump/rumpuser.h>

#include "kern_impl.h"

#define KMEM_MAXHOOKS	8
/* malloc's own alignment is enough for every kernel structure */
#define KMEM_ALIGN	sizeof(void *)

static uint64_t kmem_limit_bytes;	/* 0: unlimited */
static uint64_t kmem_inuse_bytes;
static kmem_reclaim_fn kmem_hooks[KMEM_MAXHOOKS];
static unsigned int kmem_nhooks;

/* "123", "64k", "512M", "2g", "1t", "25%" (of physmem) */
bool
kmem_parse_limit(const char *s, uint64_t physmem, uint64_t *bytesp)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned int shift = 0;

	if (end == s || *s == '-')
		return false;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	case '%':
		if (end[1] != '\0' || v == 0 || v > 100 || physmem == 0)
			return false;
		*bytesp = physmem / 100 * v;
		return true;
	default: break;
	}
	if (*end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
		return false;
	*bytesp = (uint64_t)v << shift;
	return true;
}

void
kmem_init(void)
{
	char buf[64], pm[32];
	uint64_t physmem = 0, limit;

	if (rumpuser_getparam(RUMPUSER_PARAM_MEMLIMIT, buf, sizeof(buf)) != 0)
		return;
	if (rumpuser_getparam(RUMPUSER_PARAM_PHYSMEM, pm, sizeof(pm)) == 0)
		physmem = strtoull(pm, NULL, 10);
	if (kmem_parse_limit(buf, physmem, &limit))
		atomic_store_relaxed(&kmem_limit_bytes, limit);
	else
		printf("rump: ignoring RUMP_MEMLIMIT=\"%s\" (bytes with "
		    "k/m/g/t, or N%%)\n", buf);
}

uint64_t
kmem_limit(void)
{
	return atomic_load_relaxed(&kmem_limit_bytes);
}

uint64_t
kmem_inuse(void)
{
	return __atomic_load_n(&kmem_inuse_bytes, __ATOMIC_RELAXED);
}

void
kmem_setlimit(uint64_t bytes)
{
	atomic_store_relaxed(&kmem_limit_bytes, bytes);
}

void
kmem_reclaim_register(kmem_reclaim_fn fn)
{
	unsigned int n = atomic_inc_uint_nv(&kmem_nhooks);

	if (n > KMEM_MAXHOOKS)
		panic("kmem: too many reclaim hooks");
	atomic_store_relaxed(&kmem_hooks[n - 1], fn);
}

/* account size bytes; false if over the limit even after reclaiming */
static bool
kmem_charge(size_t size)
{
	uint64_t limit = atomic_load_relaxed(&kmem_limit_bytes);
	kmem_reclaim_fn fn;
	unsigned int i;

	if (limit == 0) {
		atomic_add_64(&kmem_inuse_bytes, size);
		return true;
	}
	if (atomic_add_64_nv(&kmem_inuse_bytes, size) <= limit)
		return true;
	atomic_add_64(&kmem_inuse_bytes, -(uint64_t)size);
	for (i = 0; i < KMEM_MAXHOOKS; i++)
		if ((fn = atomic_load_relaxed(&kmem_hooks[i])) != NULL)
			fn(size);
	if (atomic_add_64_nv(&kmem_inuse_bytes, size) <= limit)
		return true;
	atomic_add_64(&kmem_inuse_bytes, -(uint64_t)size);
	return false;
}

static void *
kmem_get(size_t size, size_t align)
{
	void *p;

	if (size == 0)
		size = 1;
	if (!kmem_charge(size))
		return NULL;
	if (rumpuser_malloc(size, align, &p) != 0) {
		atomic_add_64(&kmem_inuse_bytes, -(uint64_t)size);
		return NULL;
	}
	return p;
}

void *
kmem_zalloc_nofail(size_t size)
{
	void *p;

	atomic_add_64(&kmem_inuse_bytes, size);
	if (rumpuser_malloc(size, KMEM_ALIGN, &p) != 0)
		panic("kmem: the host is out of memory (%zu bytes)", size);
	memset(p, 0, size);
	return p;
}

static void
kmem_put(void *p, size_t size)
{
	if (p == NULL)
		return;
	if (size == 0)
		size = 1;
	atomic_add_64(&kmem_inuse_bytes, -(uint64_t)size);
	rumpuser_free(p, size);
}

void *
kmem_alloc(size_t size, int flags)
{
	return kmem_get(size, KMEM_ALIGN);
}

void *
kmem_zalloc(size_t size, int flags)
{
	void *p = kmem_get(size, KMEM_ALIGN);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void
kmem_free(void *p, size_t size)
{
	kmem_put(p, size);
}

void *
kmem_intr_alloc(size_t size, int flags)
{
	return kmem_alloc(size, flags);
}

void
kmem_intr_free(void *p, size_t size)
{
	kmem_put(p, size);
}

void *
kmem_page_alloc(size_t size, int flags)
{
	return kmem_get(size, PAGE_SIZE);
}

void
kmem_page_free(void *p, size_t size)
{
	kmem_put(p, size);
}

char *
kmem_strdup(const char *s, int flags)
{
	size_t n = strlen(s) + 1;
	char *p = kmem_alloc(n, flags);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
kmem_strfree(char *s)
{
	if (s != NULL)
		kmem_free(s, strlen(s) + 1);
}

char *
kmem_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if ((p = kmem_alloc((size_t)n + 1, KM_SLEEP)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
