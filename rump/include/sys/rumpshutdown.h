/*
 * Shutdown hooks: run by rump_fini() in reverse order of registration
 * (the VFS faction registers "sync and unmount everything").
 */
#ifndef _SYS_RUMPSHUTDOWN_H_
#define _SYS_RUMPSHUTDOWN_H_

/* hooks return 0 or an errno; rump_fini returns the first error */
int rump_shutdown_hook_register(int (*fn)(void));

#endif /* _SYS_RUMPSHUTDOWN_H_ */
