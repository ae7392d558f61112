#ifndef EXT2_FEATURES_H
#define EXT2_FEATURES_H

/* 0, or -1 after one line: a read-write mount of features not writable */
int ext2_check_features(const char *special, int mntflags);

#endif /* EXT2_FEATURES_H */
