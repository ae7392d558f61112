#ifndef _SYS_RWLOCK_H_
#define _SYS_RWLOCK_H_

#include <sys/types.h>

struct rumpuser_rw;
typedef struct krwlock {
	struct rumpuser_rw *rw_hyp;
} krwlock_t;

typedef enum { RW_READER = 0, RW_WRITER = 1 } krw_t;

void rw_init(krwlock_t *);
void rw_destroy(krwlock_t *);
void rw_enter(krwlock_t *, krw_t);
int rw_tryenter(krwlock_t *, krw_t);
void rw_exit(krwlock_t *);
int rw_tryupgrade(krwlock_t *);
void rw_downgrade(krwlock_t *);
int rw_read_held(krwlock_t *);
int rw_write_held(krwlock_t *);	/* by curlwp */
int rw_lock_held(krwlock_t *);

#endif /* _SYS_RWLOCK_H_ */
