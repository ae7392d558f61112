#ifndef _SYS_CPRNG_H_
#define _SYS_CPRNG_H_

#include <sys/types.h>

uint32_t cprng_fast32(void);
uint64_t cprng_fast64(void);
void cprng_strong(void *buf, size_t len);

#endif /* _SYS_CPRNG_H_ */
