/* the tests (t_*.c); the case table is fstest_cases.c */
#ifndef FSTEST_TESTS_H
#define FSTEST_TESTS_H

#include "fstest.h"

/* t_vnops.c */
FSTEST_DECL(lookup_simple);
FSTEST_DECL(lookup_complex);
FSTEST_DECL(dir_simple);
FSTEST_DECL(dir_notempty);
FSTEST_DECL(dir_slash);
FSTEST_DECL(dir_2slash);
FSTEST_DECL(dir_3slash);
FSTEST_DECL(dir_rmdirdotdot);
FSTEST_DECL(rename_dir);
FSTEST_DECL(rename_dotdot);
FSTEST_DECL(rename_reg_nodir);
FSTEST_DECL(create_many);
FSTEST_DECL(create_nonalphanum);
FSTEST_DECL(create_nametoolong);
FSTEST_DECL(create_exist);
FSTEST_DECL(rename_nametoolong);
/* t_vnops2.c */
FSTEST_DECL(symlink_zerolen);
FSTEST_DECL(symlink_long);
FSTEST_DECL(symlink_root);
FSTEST_DECL(lstat_symlink);
FSTEST_DECL(attrs);
FSTEST_DECL(access_simple);
FSTEST_DECL(read_directory);
/* t_vfsops.c */
FSTEST_DECL(tmount);
FSTEST_DECL(tstatvfs);
FSTEST_DECL(tsync);
FSTEST_DECL(tfilehandle);
FSTEST_DECL(tfhremove);
FSTEST_DECL(tfhinval);
/* t_io.c */
FSTEST_DECL(holywrite);
FSTEST_DECL(extendfile);
FSTEST_DECL(extendfile_append);
FSTEST_DECL(overwrite512);
FSTEST_DECL(overwrite64k);
FSTEST_DECL(overwrite_trunc);
FSTEST_DECL(shrinkfile);
FSTEST_DECL(read_after_unlink);
FSTEST_DECL(wrrd_after_unlink);
FSTEST_DECL(fillfs);
FSTEST_DECL(punch_hole);
FSTEST_DECL(getdents);
/* t_bigdir.c */
FSTEST_DECL(bigdir);
/* t_case.c */
FSTEST_DECL(rename_case);
/* t_ro.c */
FSTEST_DECL(ro_prepare);
FSTEST_DECL(ro_create);
FSTEST_DECL(ro_rmfile);
FSTEST_DECL(ro_fileio);
FSTEST_DECL(ro_attrs);
FSTEST_DECL(ro_createdir);
FSTEST_DECL(ro_createfifo);
FSTEST_DECL(ro_createsymlink);
FSTEST_DECL(ro_createlink);
/* t_unpriv.c */
FSTEST_DECL(owner);
FSTEST_DECL(dirperms);
FSTEST_DECL(times);
FSTEST_DECL(access_unpriv);
FSTEST_DECL(link);
FSTEST_DECL(group_perms);
FSTEST_DECL(proc_cwd_umask);
/* t_lock.c */
FSTEST_DECL(fcntl_lock);
FSTEST_DECL(fcntl_getlock_pids);
FSTEST_DECL(lock_close_drops);
FSTEST_DECL(lock_fcntl_twice);
FSTEST_DECL(lock_flock_twice);
FSTEST_DECL(lock_flock);
FSTEST_DECL(lock_flock_dup);
FSTEST_DECL(lock_flock_fcntl);
FSTEST_DECL(lock_wakeup);
FSTEST_DECL(lock_intr_fcntl);
FSTEST_DECL(lock_intr_flock);
FSTEST_DECL(lock_deadlock);
/* t_misc.c */
FSTEST_DECL(renamerace);
FSTEST_DECL(renamerace_dirs);
FSTEST_DECL(renamerace_cycle);
FSTEST_DECL(rmdirrace);
FSTEST_DECL(mtime_otrunc);
FSTEST_DECL(mtime_write);
FSTEST_DECL(rwtoro);
FSTEST_DECL(mkfifo);
FSTEST_DECL(xattr_simple);

#endif /* FSTEST_TESTS_H */
