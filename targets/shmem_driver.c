/*
 * shmem_driver.c - persistent-mode loop fed through shared memory, like AFL++'s
 * shared-memory test case delivery (__AFL_FUZZ_TESTCASE_BUF).  The parent
 * reads the input file once, maps a MAP_SHARED|MAP_ANONYMOUS region before
 * fork(), and before every case writes the test case (length + bytes, with
 * one byte varied per case) into it.  The child does no file I/O per case:
 * decode from the shared buffer, then raise(SIGSTOP).  The parent answers
 * each stop with kill(child, SIGCONT).
 *
 * Options: -n N cases, -d SECONDS, -c CPU, [FILE] input (default input.bin).
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
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 32768

struct shared_case {
    volatile unsigned int len;
    unsigned char data[BUF_SIZE];
};

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

static void child_loop(struct shared_case *sc)
{
    volatile unsigned sink = 0;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (;;) {
        unsigned len = sc->len;
        if (len > BUF_SIZE)
            len = BUF_SIZE;
        sink += decode(sc->data, len);
        raise(SIGSTOP);
    }
}

int main(int argc, char **argv)
{
    long long max_cases = -1, cases = 0;
    double duration = -1.0, start, end;
    int cpu = -1, opt, status, fd;
    const char *input;
    static unsigned char original[BUF_SIZE];
    ssize_t n;
    struct sigaction sa;
    struct shared_case *sc;
    pid_t child;

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
    fd = open(input, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot read input %s: %s\n", argv[0], input, strerror(errno));
        return 1;
    }
    n = read(fd, original, sizeof original);
    close(fd);
    if (n <= 0) {
        fprintf(stderr, "%s: empty input %s\n", argv[0], input);
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

    sc = mmap(NULL, sizeof *sc, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sc == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memcpy(sc->data, original, (size_t)n);
    sc->len = (unsigned)n;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);

    child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0)
        child_loop(sc);

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
            /* next test case: the original bytes with one byte changed */
            memcpy(sc->data, original, (size_t)n);
            sc->data[(size_t)cases % (size_t)n] ^= (unsigned char)(cases & 0xFF);
            sc->len = (unsigned)n;
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
    munmap(sc, sizeof *sc);
    return 0;
}
