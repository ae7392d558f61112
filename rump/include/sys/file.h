/*
 * Open files: what a descriptor points at.  Reference counted; the vnode
 * is referenced (not locked) while the file is open.
 */
#ifndef _SYS_FILE_H_
#define _SYS_FILE_H_

#include <sys/types.h>
#include <sys/mutex.h>
#include <sys/kauth.h>

struct vnode;

struct file {
	kmutex_t f_lock;
	unsigned int f_count;	/* references (descriptors + users) */
	int f_flag;		/* FREAD | FWRITE | O_APPEND | ... */
	off_t f_offset;		/* under f_lock */
	struct vnode *f_vnode;
	kauth_cred_t f_cred;	/* opener's, held */
	void *f_advlock_id;	/* owner of flock-style locks */
};

/* get a referenced file for descriptor fd of the current process */
struct file *fd_getfile(int fd);
void fd_putfile(struct file *fp);

#endif /* _SYS_FILE_H_ */
