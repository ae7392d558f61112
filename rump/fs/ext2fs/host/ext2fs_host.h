/*
 * The host side of ext2fs (registration and checks made before the rump
 * kernel boots); never part of the kernel objects.
 */
#ifndef EXT2FS_HOST_H
#define EXT2FS_HOST_H

/* 0, or -1 after one line: a read-write mount of features not writable */
int ext2fs_check_features(const char *who, const char *special,
    int mntflags);

#endif /* EXT2FS_HOST_H */
