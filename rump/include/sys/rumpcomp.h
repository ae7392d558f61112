/*
 * Components: each faction and driver registers an init function that
 * rump_init() runs in type order.  Programs link the kernel archive whole
 * (--whole-archive), so every component present in the build boots.
 */
#ifndef _SYS_RUMPCOMP_H_
#define _SYS_RUMPCOMP_H_

enum rump_component_type {
	RUMP_COMPONENT_KERN,		/* after kmem, locks, lwp: kern extras */
	RUMP_COMPONENT_VFS,		/* the VFS faction itself */
	RUMP_COMPONENT_VFS_FS,		/* file-system drivers: vfs_attach() */
	RUMP_COMPONENT_DEV,		/* block devices, etfs */
	RUMP_COMPONENT_POSTINIT,	/* after all: mount root, /dev */
	RUMP_COMPONENT_MAX
};

struct rump_component {
	enum rump_component_type rc_type;
	void (*rc_init)(void);
	const char *rc_name;
};

#define RUMP__CAT2(a, b) a##b
#define RUMP__CAT(a, b) RUMP__CAT2(a, b)
#define RUMP_COMPONENT(type)						\
static void RUMP__CAT(rumpcomp_init_, __LINE__)(void);			\
static const struct rump_component RUMP__CAT(rumpcomp_, __LINE__) = {	\
	type, RUMP__CAT(rumpcomp_init_, __LINE__), __FILE__ };		\
__attribute__((section("rump_components"), used))			\
static const struct rump_component *RUMP__CAT(rumpcomp_p_, __LINE__) =	\
    &RUMP__CAT(rumpcomp_, __LINE__);					\
static void RUMP__CAT(rumpcomp_init_, __LINE__)(void)

#endif /* _SYS_RUMPCOMP_H_ */
