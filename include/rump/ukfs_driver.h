/*
 * The host side of the file system drivers: what each one tells the front
 * ends (ukfs, fs-utils, the rump_<fs> servers) so that none of them lists
 * the drivers.  A driver's directory holds one registration file (host
 * code, beside its kernel sources) defining a struct ukfs_driver and
 * UKFS_DRIVER_REGISTER(it); its module.mk adds the file to
 * UKFS_DRIVER_SRCS and its name to UKFS_DRIVERS (one rump_<name> server).
 *
 * The options every driver shares (ro, rw, sync, ...) are ukfs's one table
 * (ukfs_mntopts_parse); a driver's own -o words go to its ud_option.
 */
#ifndef RUMP_UKFS_DRIVER_H
#define RUMP_UKFS_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* read len bytes at off of the image: 0, or -1 (short read, error) */
typedef int (*ukfs_readfn)(void *ctx, void *buf, size_t len, uint64_t off);

/* a server flag standing for a -o word (ud_flags) */
struct ukfs_driver_flag {
	char df_flag;			/* 'u' */
	const char *df_word;		/* the -o word: "uid" */
	const char *df_arg;		/* its value's name ("uid"); NULL:
					 * a flag without a value */
	const char *df_help;		/* one line for --help */
};

struct ukfs_driver {
	const char *ud_name;		/* rump vfs name: "ffs" */
	const char *ud_human;		/* "BSD FFS (UFS1/UFS2)" */
	/* other names: for -t and libblkid's TYPE; NULL-terminated */
	const char *const *ud_aliases;
	int ud_order;			/* probe and try order: lower first */
	bool ud_disk;			/* mounts a disk image */
	bool ud_readonly;		/* never mounted writable */
	size_t ud_argsize;		/* its mount args; fspec first */
	/* does the image hold this file system?  A few small reads. */
	bool (*ud_probe)(ukfs_readfn read, void *ctx);
	/* fill in the defaults of zeroed args (NULL: zeroes will do) */
	void (*ud_mkargs)(void *args);
	/*
	 * One of the driver's own -o words (value NULL for a flag): 1
	 * consumed, 0 not the driver's, -1 refused after printing one line
	 * starting with who (the program, or program and image).
	 */
	int (*ud_option)(const char *who, void *args, int *mntflags,
	    const char *key, const char *value);
	const char *ud_options_help;	/* ", opt, opt": ud_option's */
	/*
	 * Before mounting image with RUMP_MNT_* flags: 0, or -1 after one
	 * line starting with who on why it cannot be.  May be NULL.
	 */
	int (*ud_check)(const char *who, const char *image, int mntflags);
	/*
	 * The rump_<fs> server's own command-line flags, as mount_<fs>(8)
	 * has them, each standing for one -o word: {'u', "uid", "uid",
	 * ...} makes `-u 1000` mean `-o uid=1000`.  Ended by a zero
	 * df_flag; NULL: none.  A letter here takes the place of the
	 * servers' flag of that letter.
	 */
	const struct ukfs_driver_flag *ud_flags;
};

/* a driver's -o flag word and the flag bits it sets and clears */
struct ukfs_flagword {
	const char *fw_word;
	uint32_t fw_set, fw_clear;
};

/*
 * key among the n words of w: its bits applied to *flags and 1; -1 after
 * one line starting with who if it was given a value; 0 if not there.
 */
int ukfs_flagword(const char *who, const struct ukfs_flagword *w, size_t n,
    const char *key, const char *value, uint32_t *flags);

void ukfs_driver_register(const struct ukfs_driver *drv);
/* by name or alias, NULL if none */
const struct ukfs_driver *ukfs_driver_find(const char *name);
/* the i-th driver in ud_order, NULL past the last */
const struct ukfs_driver *ukfs_driver_at(size_t i);
/* fresh args for drv (free them), NULL with errno ENOMEM */
void *ukfs_driver_mkargs(const struct ukfs_driver *drv);
/* "ffs, ext2fs" (with_aliases: "ffs (ufs, ...), ext2fs (...)") */
const char *ukfs_driver_list(bool with_aliases);

/*
 * Registration at start-up: a constructor, so that an object linked in
 * registers itself.  Registration objects are linked as objects, never
 * from an archive (which would drop them: nothing refers to them).
 */
#define UKFS_DRIVER_REGISTER(drv)					\
	static void __attribute__((__constructor__))			\
	drv##_register(void)						\
	{								\
		ukfs_driver_register(&(drv));				\
	}

/*
 * The mount options every driver takes, from one table: ro (rdonly), rw,
 * sync, async, noatime, nodevmtime, force, and blk=buffered|direct|mmap
 * for disk images.  Options that conflict (ro/rw, sync/async): the last
 * one wins, as with mount(8).
 */
struct ukfs_mntopts {
	int uo_flags;			/* RUMP_MNT_* */
	int uo_blk;			/* UKFS_BLK_* */
};

/*
 * A word that is neither the driver's nor in the table: 0 if the caller
 * takes it, -1 refused (after printing why).
 */
typedef int (*ukfs_leftoverfn)(void *ctx, const char *key,
    const char *value);

void ukfs_mntopts_init(struct ukfs_mntopts *mo);
/*
 * Parse the comma-separated list into mo (adding to what is there); drv
 * (may be NULL) gets its own words first, with args; leftover gets the
 * rest (NULL: they are refused).  who starts each message.  0 or -1.
 */
int ukfs_mntopts_parse(struct ukfs_mntopts *mo, const char *list,
    const struct ukfs_driver *drv, void *args, const char *who,
    ukfs_leftoverfn leftover, void *ctx);
/*
 * One word, key and value (NULL: none) already apart, so that the value
 * may hold a comma (a command-line flag's value): as a word of a list.
 */
int ukfs_mntopts_word(struct ukfs_mntopts *mo, const char *key,
    const char *value, const struct ukfs_driver *drv, void *args,
    const char *who, ukfs_leftoverfn leftover, void *ctx);

#endif /* RUMP_UKFS_DRIVER_H */
