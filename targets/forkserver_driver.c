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
#include "driver_common.h"

#include <fcntl.h>

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
    struct driver_options o;
    long long cases = 0;
    double start, end;
    int status;

    parse_options(argc, argv, 0, &o);
    if (check_input(argv[0], o.input) != 0 || pin_cpu(o.cpu) != 0)
        return 1;

    install_stop_handlers();
    arm_deadline(o.duration);

    start = now_seconds();
    while (!stop_requested) {
        pid_t child;
        if (o.max_cases >= 0 && cases >= o.max_cases)
            break;
        child = fork();
        if (child < 0) {
            perror("fork");
            break;
        }
        if (child == 0)
            run_case(o.input);
        /* a signal may interrupt waitpid; reap the child anyway so none is left */
        while (waitpid(child, &status, 0) < 0) {
            if (errno != EINTR)
                break;
        }
        cases++;
    }
    end = now_seconds();
    report(cases, start, end);
    return 0;
}
