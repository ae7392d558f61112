#ifndef _SYS_MUTEX_H_
#define _SYS_MUTEX_H_

#include <sys/types.h>

struct rumpuser_mtx;
typedef struct kmutex {
	struct rumpuser_mtx *mtx_hyp;
} kmutex_t;

typedef enum { MUTEX_DEFAULT, MUTEX_DRIVER, MUTEX_SPIN } kmutex_type_t;
#define IPL_NONE	0
#define IPL_VM		1
#define IPL_BIO		2
#define IPL_SCHED	3

void mutex_init(kmutex_t *, kmutex_type_t, int ipl);
void mutex_destroy(kmutex_t *);
void mutex_enter(kmutex_t *);
void mutex_exit(kmutex_t *);
int mutex_tryenter(kmutex_t *);
int mutex_owned(const kmutex_t *);	/* held by curlwp */
struct lwp *mutex_owner(const kmutex_t *);
/* a dynamically allocated, reference-counted mutex (vnode interlocks) */
kmutex_t *mutex_obj_alloc(kmutex_type_t, int ipl);
void mutex_obj_hold(kmutex_t *);
int mutex_obj_free(kmutex_t *);		/* true when the last ref went */

#endif /* _SYS_MUTEX_H_ */
