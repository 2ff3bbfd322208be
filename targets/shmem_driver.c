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
#include "driver_common.h"

#include <fcntl.h>
#include <sys/mman.h>

struct shared_case {
    volatile unsigned int len;
    unsigned char data[BUF_SIZE];
};

static void child_loop(struct shared_case *sc)
{
    volatile unsigned sink = 0;
    child_setup();
    for (;;) {
        unsigned len = sc->len;
        if (len > BUF_SIZE)
            len = BUF_SIZE;
        sink += decode(sc->data, len);
        raise(SIGSTOP);
    }
}

struct next_case_ctx {
    struct shared_case *sc;
    const unsigned char *original;
    size_t n;
};

/* next test case: the original bytes with one byte changed */
static void next_case(void *ctx, long long cases)
{
    struct next_case_ctx *c = ctx;
    memcpy(c->sc->data, c->original, c->n);
    c->sc->data[(size_t)cases % c->n] ^= (unsigned char)(cases & 0xFF);
    c->sc->len = (unsigned)c->n;
}

int main(int argc, char **argv)
{
    struct driver_options o;
    long long cases;
    double start, end;
    int fd;
    static unsigned char original[BUF_SIZE];
    ssize_t n;
    struct shared_case *sc;
    struct next_case_ctx ctx;
    pid_t child;

    parse_options(argc, argv, 0, &o);
    fd = open(o.input, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot read input %s: %s\n", argv[0], o.input, strerror(errno));
        return 1;
    }
    n = read(fd, original, sizeof original);
    close(fd);
    if (n <= 0) {
        fprintf(stderr, "%s: empty input %s\n", argv[0], o.input);
        return 1;
    }
    if (pin_cpu(o.cpu) != 0)
        return 1;

    sc = mmap(NULL, sizeof *sc, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sc == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memcpy(sc->data, original, (size_t)n);
    sc->len = (unsigned)n;

    install_stop_handlers();

    child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0)
        child_loop(sc);

    arm_deadline(o.duration);

    ctx.sc = sc;
    ctx.original = original;
    ctx.n = (size_t)n;
    start = now_seconds();
    /* duration -1: this driver leaves the -d deadline to the timer alone */
    cases = drive_persistent(&child, o.max_cases, -1.0, start, next_case, &ctx);
    end = now_seconds();

    kill_child(child);
    report(cases, start, end);
    munmap(sc, sizeof *sc);
    return 0;
}
