/*
 * Kernel support routines: console output, panic, assertions, and the
 * string functions of the kernel's own libkern.  Names that would collide
 * with the host C library are renamed into the rumpns_ namespace, so the
 * kernel archive never interposes on libc.
 */
#ifndef _SYS_SYSTM_H_
#define _SYS_SYSTM_H_

#include <sys/types.h>
#include <sys/errno.h>

/* The compiler may emit these itself; the anykernel check allows them. */
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);

#define strlen		rumpns_strlen
#define strnlen		rumpns_strnlen
#define strcmp		rumpns_strcmp
#define strncmp		rumpns_strncmp
#define strchr		rumpns_strchr
#define strrchr		rumpns_strrchr
#define strlcpy		rumpns_strlcpy
#define strlcat		rumpns_strlcat
#define memchr		rumpns_memchr
#define printf		rumpns_printf
#define vprintf		rumpns_vprintf
#define snprintf	rumpns_snprintf
#define vsnprintf	rumpns_vsnprintf
#define panic		rumpns_panic
#define log		rumpns_log
#define strtoll		rumpns_strtoll
#define strtoull	rumpns_strtoull

size_t strlen(const char *);
size_t strnlen(const char *, size_t);
int strcmp(const char *, const char *);
int strncmp(const char *, const char *, size_t);
char *strchr(const char *, int);
char *strrchr(const char *, int);
size_t strlcpy(char *, const char *, size_t);
size_t strlcat(char *, const char *, size_t);
void *memchr(const void *, int, size_t);
long long strtoll(const char *, char **, int);
unsigned long long strtoull(const char *, char **, int);

/* console: goes to the host's stderr through rumpuser_dprintf */
int printf(const char *, ...) __printflike(1, 2);
int vprintf(const char *, va_list);
int snprintf(char *, size_t, const char *, ...) __printflike(3, 4);
int vsnprintf(char *, size_t, const char *, va_list);
/* a console line with a severity prefix; rate-limited per caller */
void log(int level, const char *, ...) __printflike(2, 3);
#define LOG_ERR		3
#define LOG_WARNING	4
#define LOG_NOTICE	5
#define LOG_INFO	6
#define LOG_DEBUG	7

/* panic: prints the message and aborts the process */
void panic(const char *, ...) __printflike(1, 2) __noreturn;

#define KASSERT(e)	do {						\
	if (__predict_false(!(e)))					\
		panic("kernel assertion \"%s\" failed: file \"%s\", line %d", \
		    #e, __FILE__, __LINE__);				\
} while (0)
#define KASSERTMSG(e, ...) do {						\
	if (__predict_false(!(e)))					\
		panic(__VA_ARGS__);					\
} while (0)
#ifdef DIAGNOSTIC
#define KDASSERT(e)	KASSERT(e)
#else
#define KDASSERT(e)	do { } while (0)
#endif
#define CTASSERT(e)	_Static_assert(e, #e)

/* all memory is host memory; these exist to mark the boundary */
int copyin(const void *uaddr, void *kaddr, size_t len);
int copyout(const void *kaddr, void *uaddr, size_t len);
int copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done);

/* hostname from the host, for NFS and the console */
extern char hostname[256];

#endif /* _SYS_SYSTM_H_ */
