/*
 * Credentials: reference counted, changed only while unshared.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kauth.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/proc.h>
#include <sys/atomic.h>

struct kauth_cred {
	unsigned int cr_refcnt;
	uid_t cr_uid, cr_euid;
	gid_t cr_gid, cr_egid;
	int cr_ngroups;
	gid_t cr_groups[NGROUPS];
};

#define SPECIAL(c)	((c) == NOCRED || (c) == FSCRED || (c) == NULL)

kauth_cred_t
kauth_cred_alloc(void)
{
	kauth_cred_t c = kmem_zalloc(sizeof(*c), KM_SLEEP);

	if (c != NULL)
		c->cr_refcnt = 1;
	return c;
}

kauth_cred_t
kauth_cred_create(uid_t uid, gid_t gid, int ngroups, const gid_t *groups)
{
	kauth_cred_t c;

	if (ngroups < 0 || ngroups > NGROUPS)
		return NULL;
	if ((c = kauth_cred_alloc()) == NULL)
		return NULL;
	c->cr_uid = c->cr_euid = uid;
	c->cr_gid = c->cr_egid = gid;
	c->cr_ngroups = ngroups;
	if (ngroups > 0)
		memcpy(c->cr_groups, groups, sizeof(gid_t) * (size_t)ngroups);
	return c;
}

void
kauth_cred_hold(kauth_cred_t c)
{
	if (!SPECIAL(c))
		atomic_inc_uint(&c->cr_refcnt);
}

void
kauth_cred_free(kauth_cred_t c)
{
	if (!SPECIAL(c) && atomic_dec_uint_nv(&c->cr_refcnt) == 0)
		kmem_free(c, sizeof(*c));
}

kauth_cred_t
kauth_cred_dup(kauth_cred_t c)
{
	kauth_cred_t n = kauth_cred_alloc();

	if (n == NULL)
		return NULL;
	if (!SPECIAL(c)) {
		*n = *c;
		n->cr_refcnt = 1;
	}
	return n;
}

/* the lwp's view follows its process's credential (setuid, setcred) */
kauth_cred_t
kauth_cred_get(void)
{
	struct lwp *l = curlwp;
	struct proc *p = l->l_proc;
	kauth_cred_t c, old;

	/* unlocked peek: setcred swaps p_cred under p_lock */
	if (__predict_false(l->l_cred != atomic_load_relaxed(&p->p_cred))) {
		mutex_enter(&p->p_lock);
		c = p->p_cred;
		kauth_cred_hold(c);
		mutex_exit(&p->p_lock);
		old = l->l_cred;
		l->l_cred = c;
		kauth_cred_free(old);
	}
	return l->l_cred;
}

#define GET(name, field, special)					\
uid_t									\
name(kauth_cred_t c)							\
{									\
	return SPECIAL(c) ? (special) : c->field;			\
}
GET(kauth_cred_getuid, cr_uid, 0)
GET(kauth_cred_geteuid, cr_euid, 0)
GET(kauth_cred_getgid, cr_gid, 0)
GET(kauth_cred_getegid, cr_egid, 0)
#undef GET

void
kauth_cred_setuid(kauth_cred_t c, uid_t v)
{
	c->cr_uid = v;
}

void
kauth_cred_seteuid(kauth_cred_t c, uid_t v)
{
	c->cr_euid = v;
}

void
kauth_cred_setgid(kauth_cred_t c, gid_t v)
{
	c->cr_gid = v;
}

void
kauth_cred_setegid(kauth_cred_t c, gid_t v)
{
	c->cr_egid = v;
}

int
kauth_cred_ngroups(kauth_cred_t c)
{
	return SPECIAL(c) ? 0 : c->cr_ngroups;
}

gid_t
kauth_cred_group(kauth_cred_t c, int idx)
{
	KASSERT(!SPECIAL(c) && idx >= 0 && idx < c->cr_ngroups);
	return c->cr_groups[idx];
}

int
kauth_cred_setgroups(kauth_cred_t c, const gid_t *groups, int ngroups)
{
	if (ngroups < 0 || ngroups > NGROUPS)
		return EINVAL;
	memcpy(c->cr_groups, groups, sizeof(gid_t) * (size_t)ngroups);
	c->cr_ngroups = ngroups;
	return 0;
}

bool
kauth_cred_ismember_gid(kauth_cred_t c, gid_t gid)
{
	int i;

	if (SPECIAL(c))
		return true;
	if (c->cr_egid == gid)
		return true;
	for (i = 0; i < c->cr_ngroups; i++)
		if (c->cr_groups[i] == gid)
			return true;
	return false;
}

bool
kauth_cred_issuser(kauth_cred_t c)
{
	return SPECIAL(c) || c->cr_euid == 0;
}
