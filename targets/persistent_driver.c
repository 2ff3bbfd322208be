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
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef DEFAULT_OLD_RAISE
#define DEFAULT_OLD_RAISE 0
#endif

#define BUF_SIZE 32768

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deterministic stand-in for a decoder: walk JPEG-style markers and mix every
 * byte into a checksum a few times.  Costs a few microseconds for ~500 bytes. */
static unsigned decode(const unsigned char *p, size_t n)
{
    unsigned sum = 0x12345678u;
    size_t i;
    int round, markers = 0;
    for (round = 0; round < 4; round++) {
        for (i = 0; i < n; i++) {
            sum = (sum ^ p[i]) * 16777619u;
            if (p[i] == 0xFF && i + 1 < n && p[i + 1] != 0x00 && p[i + 1] != 0xFF)
                markers++;
        }
    }
    return sum + (unsigned)markers;
}

static const char *default_input(const char *argv0)
{
    /* build/<prog> -> ../input.bin; fall back to targets/input.bin from the repo root. */
    static char path[4096];
    const char *slash = strrchr(argv0, '/');
    if (slash) {
        snprintf(path, sizeof path, "%.*s/../input.bin", (int)(slash - argv0), argv0);
        if (access(path, R_OK) == 0)
            return path;
    }
    if (access("input.bin", R_OK) == 0)
        return "input.bin";
    return "targets/input.bin";
}

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
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
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

static void usage(const char *argv0)
{
    fprintf(stderr, "usage: %s [-n CASES] [-d SECONDS] [-c CPU] [-m] [INPUT]\n", argv0);
    exit(2);
}

int main(int argc, char **argv)
{
    long long max_cases = -1, cases = 0;
    double duration = -1.0, start, end;
    int cpu = -1, old_raise = DEFAULT_OLD_RAISE, opt, status;
    const char *input;
    struct sigaction sa;
    pid_t child;

    while ((opt = getopt(argc, argv, "n:d:c:mh")) != -1) {
        switch (opt) {
        case 'n': max_cases = atoll(optarg); break;
        case 'd': duration = atof(optarg); break;
        case 'c': cpu = atoi(optarg); break;
        case 'm': old_raise = 1; break;
        default: usage(argv[0]);
        }
    }
    input = optind < argc ? argv[optind] : default_input(argv[0]);
    if (access(input, R_OK) != 0) {
        fprintf(stderr, "%s: cannot read input %s: %s\n", argv[0], input, strerror(errno));
        return 1;
    }

    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) {
            perror("sched_setaffinity");
            return 1;
        }
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: let waitpid return EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    if (duration > 0) {
        /* wakes a waitpid that would otherwise block past the deadline */
        struct itimerval it;
        memset(&it, 0, sizeof it);
        it.it_value.tv_sec = (time_t)duration;
        it.it_value.tv_usec = (suseconds_t)((duration - (double)(time_t)duration) * 1e6);
        if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
            it.it_value.tv_usec = 1;
        setitimer(ITIMER_REAL, &it, NULL);
    }

    child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0)
        child_loop(input, old_raise);

    start = now_seconds();
    while (!stop_requested) {
        pid_t r = waitpid(child, &status, WUNTRACED);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("waitpid");
            break;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            fprintf(stderr, "child ended unexpectedly\n");
            child = -1;
            break;
        }
        if (WIFSTOPPED(status)) {
            cases++;
            if (max_cases >= 0 && cases >= max_cases)
                break;
            if (duration >= 0 && now_seconds() - start >= duration)
                break;
            kill(child, SIGCONT);
        }
    }
    end = now_seconds();

    if (child > 0) {
        kill(child, SIGKILL);
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            ;
    }
    fprintf(stderr, "cases=%lld seconds=%.3f cases_per_sec=%.1f\n", cases, end - start,
            end > start ? (double)cases / (end - start) : 0.0);
    return 0;
}
