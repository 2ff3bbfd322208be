/*
 * old_glibc_raise.c - persistent_driver with the 2018-glibc style self-stop as
 * the default (same as `persistent_driver -m`).  Per case the child makes
 * 8 syscalls: rt_sigprocmask, openat, read, close, rt_sigprocmask, getpid,
 * gettid, tgkill.
 */
#define DEFAULT_OLD_RAISE 1
#include "persistent_driver.c"
