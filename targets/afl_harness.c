/*
 * afl_harness.c - an AFL++ harness in three builds (needs afl-clang-fast):
 *   default      persistent mode, input by file (@@):
 *                while (__AFL_LOOP(100000)) { open; read; close; decode }
 *   -DFORKSERVER one case per process (fork server only, no __AFL_LOOP)
 *   -DSHMEM      persistent mode with shared-memory test cases
 *                (__AFL_FUZZ_TESTCASE_BUF / __AFL_FUZZ_TESTCASE_LEN)
 *   -DLIBFUZZER  the same decode() as a libFuzzer target (clang -fsanitize=fuzzer)
 * Plain gcc can build the default and -DFORKSERVER variants too: without AFL
 * the __AFL_LOOP fallback below runs a single case.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BUF_SIZE 32768

#ifndef __AFL_LOOP
#define __AFL_LOOP(n) afl_loop_fallback()
static int afl_loop_fallback(void)
{
    static int done;
    return done++ == 0;
}
#endif

/* Marker scan in the style of a JPEG parser: branches depend on the data so
 * that the fuzzer sees some coverage. */
static unsigned decode(const unsigned char *p, size_t n)
{
    unsigned sum = 0x12345678u;
    size_t i = 0;
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
        return 0;
    i = 2;
    while (i + 4 <= n) {
        unsigned seglen;
        if (p[i] != 0xFF)
            return sum ^ 1u;
        if (p[i + 1] == 0xD9)
            break; /* EOI */
        seglen = ((unsigned)p[i + 2] << 8) | p[i + 3];
        if (seglen < 2)
            return sum ^ 2u;
        switch (p[i + 1]) {
        case 0xE0: sum += 0xE0; break;  /* APP0 */
        case 0xDB: sum ^= 0xDB; break;  /* DQT */
        case 0xC0: sum *= 3u; break;    /* SOF0 */
        case 0xC4: sum += seglen; break; /* DHT */
        case 0xDA: sum ^= seglen; break; /* SOS */
        default: sum += 7u; break;
        }
        for (size_t k = i + 4; k < i + 2 + seglen && k < n; k++)
            sum = (sum ^ p[k]) * 16777619u;
        i += 2 + seglen;
    }
    return sum;
}

#if defined(LIBFUZZER)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    volatile unsigned sink = decode(data, size);
    (void)sink;
    return 0;
}

#elif defined(SHMEM)

__AFL_FUZZ_INIT();

int main(void)
{
    volatile unsigned sink = 0;
#ifdef __AFL_HAVE_MANUAL_CONTROL
    __AFL_INIT();
#endif
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(100000)) {
        int len = __AFL_FUZZ_TESTCASE_LEN;
        sink += decode(buf, (size_t)len);
    }
    return 0;
}

#else

static unsigned run_file(const char *path)
{
    static unsigned char buf[BUF_SIZE];
    int fd = open(path, O_RDONLY);
    ssize_t n;
    if (fd < 0)
        return 0;
    n = read(fd, buf, sizeof buf);
    close(fd);
    return n > 0 ? decode(buf, (size_t)n) : 0;
}

int main(int argc, char **argv)
{
    volatile unsigned sink = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
#ifdef FORKSERVER
    sink += run_file(argv[1]);
#else
    while (__AFL_LOOP(100000))
        sink += run_file(argv[1]);
#endif
    return 0;
}

#endif
