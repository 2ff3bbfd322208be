/*
 * persistent_driver.c - drive a child the way afl-fuzz drives a persistent-mode
 * target, without AFL.  The child runs cases in a loop:
 *     openat(input) -> read(32768) -> close -> decode -> raise(SIGSTOP)
 * and the parent answers every stop with kill(child, SIGCONT).
 *
 * Options:
 *   -n N        run N cases, then stop (default: until -d expires or a signal)
 *   -d SECONDS  run for this long (fractions allowed)
 *   -c CPU      pin parent and child to CPU
 *   -m          stop the child the way 2018-era glibc raise() did:
 *               rt_sigprocmask(block all), getpid, gettid, tgkill, rt_sigprocmask(restore)
 *   [FILE]      input file (default: input.bin next to this program's build dir)
 *
 * On exit (end of cases, -d, SIGINT or SIGTERM) it kills the child and prints
 *   cases=N seconds=S cases_per_sec=R
 * on stderr.
 */
#define _GNU_SOURCE
#include "driver_common.h"

#include <fcntl.h>
#include <sys/syscall.h>

#ifndef DEFAULT_OLD_RAISE
#define DEFAULT_OLD_RAISE 0
#endif

static void old_glibc_raise_sigstop(void)
{
    sigset_t all, old;
    pid_t pid, tid;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid = (pid_t)syscall(SYS_getpid);
    tid = (pid_t)syscall(SYS_gettid);
    syscall(SYS_tgkill, pid, tid, SIGSTOP);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void child_loop(const char *input, int old_raise)
{
    static unsigned char buf[BUF_SIZE];
    volatile unsigned sink = 0;
    child_setup();
    for (;;) {
        int fd = open(input, O_RDONLY);
        ssize_t n = 0;
        if (fd >= 0) {
            n = read(fd, buf, sizeof buf);
            close(fd);
        }
        if (n > 0)
            sink += decode(buf, (size_t)n);
        if (old_raise)
            old_glibc_raise_sigstop();
        else
            raise(SIGSTOP);
    }
}

int main(int argc, char **argv)
{
    struct driver_options o;
    long long cases;
    double start, end;
    int old_raise;
    pid_t child;

    parse_options(argc, argv, 'm', &o);
    old_raise = DEFAULT_OLD_RAISE || o.extra_flag;
    if (check_input(argv[0], o.input) != 0 || pin_cpu(o.cpu) != 0)
        return 1;

    install_stop_handlers();
    arm_deadline(o.duration);

    child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0)
        child_loop(o.input, old_raise);

    start = now_seconds();
    cases = drive_persistent(&child, o.max_cases, o.duration, start, NULL, NULL);
    end = now_seconds();

    kill_child(child);
    report(cases, start, end);
    return 0;
}
