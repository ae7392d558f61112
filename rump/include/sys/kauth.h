/*
 * Credentials: user, group and supplementary groups, reference counted
 * and immutable once shared (kauth_cred_dup before changing a held one).
 */
#ifndef _SYS_KAUTH_H_
#define _SYS_KAUTH_H_

#include <sys/param.h>

typedef struct kauth_cred *kauth_cred_t;

#define NOCRED	((kauth_cred_t)-1)	/* no credential: internal I/O */
#define FSCRED	((kauth_cred_t)-2)	/* the file system itself */

kauth_cred_t kauth_cred_alloc(void);		/* uid 0 gid 0, one ref */
kauth_cred_t kauth_cred_create(uid_t uid, gid_t gid, int ngroups,
    const gid_t *groups);			/* NULL if ngroups > NGROUPS */
void kauth_cred_hold(kauth_cred_t);
void kauth_cred_free(kauth_cred_t);
kauth_cred_t kauth_cred_dup(kauth_cred_t);
kauth_cred_t kauth_cred_get(void);		/* curlwp's, not held */

uid_t kauth_cred_getuid(kauth_cred_t);
uid_t kauth_cred_geteuid(kauth_cred_t);
gid_t kauth_cred_getgid(kauth_cred_t);
gid_t kauth_cred_getegid(kauth_cred_t);
void kauth_cred_setuid(kauth_cred_t, uid_t);
void kauth_cred_seteuid(kauth_cred_t, uid_t);
void kauth_cred_setgid(kauth_cred_t, gid_t);
void kauth_cred_setegid(kauth_cred_t, gid_t);
int kauth_cred_ngroups(kauth_cred_t);
gid_t kauth_cred_group(kauth_cred_t, int idx);
int kauth_cred_setgroups(kauth_cred_t, const gid_t *, int ngroups);
/* true if gid is the egid or a supplementary group */
bool kauth_cred_ismember_gid(kauth_cred_t, gid_t);
/* superuser: euid 0, or NOCRED/FSCRED */
bool kauth_cred_issuser(kauth_cred_t);

#endif /* _SYS_KAUTH_H_ */
