/*
 * driver_common.h - the parts persistent_driver.c, forkserver_driver.c and
 * shmem_driver.c (and old_glibc_raise.c through persistent_driver.c) share:
 * the stop flag and its signal handler, the clock, the decode() stand-in,
 * the default input, option parsing (-n N, -d SECONDS, -c CPU, [FILE]),
 * CPU pinning, the -d timer, the persistent-mode parent loop, killing the
 * child and the final "cases=N seconds=S cases_per_sec=R" report.
 *
 * Include it first, after `#define _GNU_SOURCE`.  Everything here is static
 * (inline, so that a driver that does not use a function gets no
 * -Wunused-function warning); each driver stays one self-contained program.
 * Nothing here runs in a child's per-case loop except decode(), which makes no
 * system call: each child's per-case syscall sequence is its driver's own.
 */
#ifndef DRIVER_COMMON_H
#define DRIVER_COMMON_H

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 32768

static volatile sig_atomic_t stop_requested;

static inline void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static inline double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deterministic stand-in for a decoder: walk JPEG-style markers and mix every
 * byte into a checksum a few times.  Costs a few microseconds for ~500 bytes. */
static inline unsigned decode(const unsigned char *p, size_t n)
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

static inline const char *default_input(const char *argv0)
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

struct driver_options {
    long long max_cases; /* -n; -1: no limit */
    double duration;     /* -d; -1: no limit */
    int cpu;             /* -c; -1: not pinned */
    int extra_flag;      /* set when the driver's own flag letter was given */
    const char *input;   /* FILE, or default_input() */
};

/* Parse -n N, -d SECONDS, -c CPU, an optional FILE, and, when EXTRA_FLAG is not
 * 0, that one argument-less flag letter (persistent_driver's -m).  -h or a bad
 * option prints the usage line on stderr and exits with status 2. */
static inline void parse_options(int argc, char **argv, char extra_flag,
                                 struct driver_options *o)
{
    char optstring[16], extra_usage[8] = "";
    int opt;

    if (extra_flag) {
        snprintf(optstring, sizeof optstring, "n:d:c:%ch", extra_flag);
        snprintf(extra_usage, sizeof extra_usage, " [-%c]", extra_flag);
    } else {
        snprintf(optstring, sizeof optstring, "n:d:c:h");
    }
    o->max_cases = -1;
    o->duration = -1.0;
    o->cpu = -1;
    o->extra_flag = 0;
    while ((opt = getopt(argc, argv, optstring)) != -1) {
        if (opt == 'n')
            o->max_cases = atoll(optarg);
        else if (opt == 'd')
            o->duration = atof(optarg);
        else if (opt == 'c')
            o->cpu = atoi(optarg);
        else if (extra_flag && opt == extra_flag)
            o->extra_flag = 1;
        else {
            fprintf(stderr, "usage: %s [-n CASES] [-d SECONDS] [-c CPU]%s [INPUT]\n",
                    argv[0], extra_usage);
            exit(2);
        }
    }
    o->input = optind < argc ? argv[optind] : default_input(argv[0]);
}

/* 0 if INPUT is readable; else says why on stderr and returns -1. */
static inline int check_input(const char *argv0, const char *input)
{
    if (access(input, R_OK) != 0) {
        fprintf(stderr, "%s: cannot read input %s: %s\n", argv0, input, strerror(errno));
        return -1;
    }
    return 0;
}

/* Pin this process (and the children it forks later) to CPU, unless CPU < 0.
 * Returns -1 after perror() when that fails. */
static inline int pin_cpu(int cpu)
{
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) {
            perror("sched_setaffinity");
            return -1;
        }
    }
    return 0;
}

/* SIGINT, SIGTERM and SIGALRM set stop_requested; no SA_RESTART, so that a
 * blocked waitpid returns EINTR. */
static inline void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
}

/* For -d: SIGALRM after DURATION seconds (if > 0); it wakes a waitpid that
 * would otherwise block past the deadline. */
static inline void arm_deadline(double duration)
{
    if (duration > 0) {
        struct itimerval it;
        memset(&it, 0, sizeof it);
        it.it_value.tv_sec = (time_t)duration;
        it.it_value.tv_usec = (suseconds_t)((duration - (double)(time_t)duration) * 1e6);
        if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
            it.it_value.tv_usec = 1;
        setitimer(ITIMER_REAL, &it, NULL);
    }
}

/* First thing a persistent-mode child does: default signal dispositions, and
 * die with the parent. */
static inline void child_setup(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* Parent of a persistent-mode child: count each stop of *CHILD as a case and
 * answer it with SIGCONT, until stop_requested, MAX_CASES cases (if >= 0), or
 * DURATION seconds since START (if >= 0; checked after each stop).  Before each
 * SIGCONT, NEXT_CASE (if not NULL) gets CTX and the cases so far.  If the child
 * ends, says so and sets *CHILD to -1.  Returns the number of cases. */
static inline long long drive_persistent(pid_t *child, long long max_cases, double duration,
                                         double start, void (*next_case)(void *, long long),
                                         void *ctx)
{
    long long cases = 0;
    int status;
    while (!stop_requested) {
        pid_t r = waitpid(*child, &status, WUNTRACED);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("waitpid");
            break;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            fprintf(stderr, "child ended unexpectedly\n");
            *child = -1;
            break;
        }
        if (WIFSTOPPED(status)) {
            cases++;
            if (max_cases >= 0 && cases >= max_cases)
                break;
            if (duration >= 0 && now_seconds() - start >= duration)
                break;
            if (next_case)
                next_case(ctx, cases);
            kill(*child, SIGCONT);
        }
    }
    return cases;
}

/* Kill CHILD (if > 0) and reap it. */
static inline void kill_child(pid_t child)
{
    int status;
    if (child > 0) {
        kill(child, SIGKILL);
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            ;
    }
}

static inline void report(long long cases, double start, double end)
{
    fprintf(stderr, "cases=%lld seconds=%.3f cases_per_sec=%.1f\n", cases, end - start,
            end > start ? (double)cases / (end - start) : 0.0);
}

#endif
