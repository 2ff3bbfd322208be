/*
 * forkserver_driver.c - one new process per case, like an AFL fork server
 * without persistent mode.  The parent loops fork() + waitpid(); each child
 * opens the input, reads it (32768-byte buffer), closes it, decodes it and
 * calls _exit(0).
 *
 * Options: -n N cases, -d SECONDS, -c CPU (pins the parent, children inherit),
 * [FILE] input (default: input.bin beside the build dir).
 * Prints "cases=N seconds=S cases_per_sec=R" on stderr at exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

static void run_case(const char *input)
{
    static unsigned char buf[BUF_SIZE];
    int fd = open(input, O_RDONLY);
    ssize_t n = 0;
    unsigned r = 0;
    if (fd >= 0) {
        n = read(fd, buf, sizeof buf);
        close(fd);
    }
    if (n > 0)
        r = decode(buf, (size_t)n);
    _exit(r == 0xFFFFFFFFu ? 1 : 0);
}

int main(int argc, char **argv)
{
    long long max_cases = -1, cases = 0;
    double duration = -1.0, start, end;
    int cpu = -1, opt, status;
    const char *input;
    struct sigaction sa;

    while ((opt = getopt(argc, argv, "n:d:c:h")) != -1) {
        switch (opt) {
        case 'n': max_cases = atoll(optarg); break;
        case 'd': duration = atof(optarg); break;
        case 'c': cpu = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-n CASES] [-d SECONDS] [-c CPU] [INPUT]\n", argv[0]);
            return 2;
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
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    if (duration > 0) {
        struct itimerval it;
        memset(&it, 0, sizeof it);
        it.it_value.tv_sec = (time_t)duration;
        it.it_value.tv_usec = (suseconds_t)((duration - (double)(time_t)duration) * 1e6);
        if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
            it.it_value.tv_usec = 1;
        setitimer(ITIMER_REAL, &it, NULL);
    }

    start = now_seconds();
    while (!stop_requested) {
        pid_t child;
        if (max_cases >= 0 && cases >= max_cases)
            break;
        child = fork();
        if (child < 0) {
            perror("fork");
            break;
        }
        if (child == 0)
            run_case(input);
        /* a signal may interrupt waitpid; reap the child anyway so none is left */
        while (waitpid(child, &status, 0) < 0) {
            if (errno != EINTR)
                break;
        }
        cases++;
    }
    end = now_seconds();
    fprintf(stderr, "cases=%lld seconds=%.3f cases_per_sec=%.1f\n", cases, end - start,
            end > start ? (double)cases / (end - start) : 0.0);
    return 0;
}
