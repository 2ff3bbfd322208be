/*
 * live_persistent.c - a test-local persistent target driven like afl-fuzz drives one.
 * The child loops: openat(FILE), read, close, raise(SIGSTOP) (glibc: gettid, getpid, tgkill),
 * i.e. 6 syscalls per case; the parent waitpid(WUNTRACED)s and kill(SIGCONT)s it.
 * Usage: live_persistent FILE [SECONDS]   (runs until killed when SECONDS is 0 or absent)
 * The parent prints "child PID" on stdout once the child exists, and
 * "cases=N seconds=S cases_per_sec=R" on stderr at exit.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
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
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    static unsigned char buf[32768];
    unsigned sum = 0;
    for (;;) {
      int fd = open(argv[1], O_RDONLY);
      ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof buf);
      if (fd >= 0) close(fd);
      for (ssize_t i = 0; i < n; i++) sum = (sum ^ buf[i]) * 16777619u;
      raise(SIGSTOP);
    }
  }
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  printf("child %d\n", child);
  fflush(stdout);
  double start = now();
  long cases = 0;
  int status;
  while (!stop_requested) {
    if (waitpid(child, &status, WUNTRACED) < 0) continue;
    if (WIFEXITED(status) || WIFSIGNALED(status)) break;
    if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP) cases++;
    kill(child, SIGCONT);
    if (limit > 0 && (cases & 255) == 0 && now() - start >= limit) break;
  }
  double secs = now() - start;
  kill(child, SIGKILL);
  waitpid(child, &status, 0);
  fprintf(stderr, "cases=%ld seconds=%.3f cases_per_sec=%.0f\n", cases, secs, cases / secs);
  return 0;
}
