/*
 * Memory hypercalls: aligned heap allocation and anonymous mappings.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "rumpuser_int.h"

/*
 * No kernel allocation is legitimately this big; refusing early gives a
 * clean ENOMEM (sanitizer runtimes abort instead of returning NULL).
 */
#define MALLOC_MAX	((size_t)1 << 40)

/*
 * One heap for the kernel.  glibc gives each host thread an arena; the
 * buffer cache allocates in the FUSE threads and frees in the syncer, so
 * every arena kept its high-water mark: a 16 MiB cache cost 55 MiB of
 * resident heap during a long write, 30 MiB with one arena, and untar
 * times did not change measurably.  MALLOC_ARENA_MAX, if set, wins.
 */
void
rumpuser__mem_init(void)
{

	if (getenv("MALLOC_ARENA_MAX") == NULL)
		(void)mallopt(M_ARENA_MAX, 1);
}

int
rumpuser_malloc(size_t len, size_t alignment, void **memp)
{
	void *p;
	int error;

	if (len > MALLOC_MAX)
		return ENOMEM;
	if (len == 0)
		len = 1;	/* a unique pointer, as malloc(0) may not be */
	if (alignment <= sizeof(void *)) {
		p = malloc(len);
		if (p == NULL)
			return ENOMEM;
		*memp = p;
		return 0;
	}
	/* posix_memalign wants a power of two: round up. */
	if ((alignment & (alignment - 1)) != 0) {
		size_t a = sizeof(void *);

		while (a < alignment && a != 0)
			a <<= 1;
		if (a == 0)
			return EINVAL;
		alignment = a;
	}
	error = posix_memalign(&p, alignment, len);
	if (error != 0)
		return rumpuser__errtrans(error);
	*memp = p;
	return 0;
}

void
rumpuser_free(void *mem, size_t len)
{

	free(mem);
}

int
rumpuser_anonmmap(size_t len, int exec, void **memp)
{
	void *p;
	int prot;

	if (len > MALLOC_MAX)
		return ENOMEM;
	prot = PROT_READ | PROT_WRITE;
	if (exec)
		prot |= PROT_EXEC;
	p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return rumpuser__errtrans(errno);
	*memp = p;
	return 0;
}

void
rumpuser_unmap(void *addr, size_t len)
{

	munmap(addr, len);
}
