/*
 * live_forkserver.c - a test-local fork-per-case target, like an AFL fork server without
 * persistent mode: the parent loops fork() + waitpid(); each child opens, reads and closes
 * FILE and calls _exit(0).
 * Usage: live_forkserver FILE [SECONDS]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s FILE [SECONDS]\n", argv[0]); return 2; }
  double limit = argc > 2 ? atof(argv[2]) : 0;
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  double start = now();
  long cases = 0;
  while (!stop_requested && (limit <= 0 || now() - start < limit)) {
    pid_t c = fork();
    if (c == 0) {
      static unsigned char buf[32768];
      int fd = open(argv[1], O_RDONLY);
      if (fd >= 0) { (void)read(fd, buf, sizeof buf); close(fd); }
      _exit(0);
    }
    int status;
    waitpid(c, &status, 0);
    cases++;
  }
  double secs = now() - start;
  fprintf(stderr, "cases=%ld seconds=%.3f cases_per_sec=%.0f\n", cases, secs, cases / secs);
  return 0;
}
