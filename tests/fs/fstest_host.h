/* host system calls as an fstest_sys, for backends mounted over FUSE */
#ifndef FSTEST_HOST_H
#define FSTEST_HOST_H

#include "fstest.h"

extern const struct fstest_sys fstest_host_sys;

#endif /* FSTEST_HOST_H */
