/*
 * fsck_ffs compiles the driver's freestanding format code (ffs_bswap.c,
 * ffs_subr.c) itself, under other names, so that it does not clash with
 * the same functions in the kernel archive every program links.
 */
#ifndef FSCK_FFS_RENAME_H
#define FSCK_FFS_RENAME_H

#define ffs_sb_bswap		fsck_ffs_sb_bswap
#define ffs_cg_header		fsck_ffs_cg_header
#define ffs_cg_header_store	fsck_ffs_cg_header_store
#define ufs_dino_load		fsck_ufs_dino_load
#define ufs_dino_store		fsck_ufs_dino_store
#define ffs_sbcheck		fsck_ffs_sbcheck
#define ffs_sbcheck_counts	fsck_ffs_sbcheck_counts
#define ffs_cgcheck		fsck_ffs_cgcheck
#define ufs_dent_decode		fsck_ufs_dent_decode
#define ufs_dent_parse		fsck_ufs_dent_parse
#define ufs_dent_namecheck	fsck_ufs_dent_namecheck
#define ufs_dent_store		fsck_ufs_dent_store
#define genfs_name_bad		fsck_genfs_name_bad
#define genfs_name_misplaced	fsck_genfs_name_misplaced
#define genfs_name_isdot	fsck_genfs_name_isdot
#define ffs_sb_compat_read	fsck_ffs_sb_compat_read
#define ffs_sb_compat_write	fsck_ffs_sb_compat_write

#endif /* FSCK_FFS_RENAME_H */
