/*
 * afl_libjpeg.c - an AFL++ harness that decodes its input with libjpeg(-turbo), in memory.
 * Builds (see Makefile, `make afl`; link with -ljpeg):
 *   -DSHMEM       persistent mode, shared-memory test cases, __AFL_LOOP(1000): afl-fuzz
 *                 replaces the persistent child every 1000 cases (several times a second)
 *   -DFORKSERVER  one case per process (fork server only, no __AFL_LOOP), input file @@
 *   (default)     persistent mode, __AFL_LOOP(100000), input file @@
 *   -DLIBFUZZER   libFuzzer's LLVMFuzzerTestOneInput, built with clang -fsanitize=fuzzer
 *                 (`make libfuzzer`): an in-process fuzzer, no fork server, no signals
 *   -DMAKE_SEED   not a harness: writes a small real JPEG (argv[1]) to seed a campaign
 * The harness writes nothing (no stdout, stderr or files): libjpeg's messages are silenced, so
 * every write a fork server makes is AFL++'s own (the tests count cases from it).
 * Plain gcc can build every variant: without AFL the __AFL_LOOP fallback runs one case.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>

#define MAX_INPUT (1 << 20)
#define MAX_PIXELS (1024UL * 1024UL) /* larger images are refused, so cases stay short */

#ifdef MAKE_SEED

/* A 32x32 three-component gradient, quality 75: a few hundred bytes that decode. */
int main(int argc, char **argv)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char row[32 * 3];
    JSAMPROW rows[1] = { row };
    FILE *out;
    if (argc < 2 || !(out = fopen(argv[1], "wb"))) {
        fprintf(stderr, "usage: %s OUT.jpg\n", argv[0]);
        return 2;
    }
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, out);
    c.image_width = 32;
    c.image_height = 32;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 75, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        for (int x = 0; x < 32; x++) {
            row[3 * x] = (unsigned char)(x * 8);
            row[3 * x + 1] = (unsigned char)(c.next_scanline * 8);
            row[3 * x + 2] = (unsigned char)((x ^ c.next_scanline) * 8);
        }
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return fclose(out) == 0 ? 0 : 1;
}

#else

#ifndef __AFL_LOOP
#define __AFL_LOOP(n) afl_loop_fallback()
static int afl_loop_fallback(void)
{
    static int done;
    return done++ == 0;
}
#endif

struct quiet_error {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
};

static void error_exit(j_common_ptr c)
{
    longjmp(((struct quiet_error *)c->err)->jump, 1);
}

static void no_message(j_common_ptr c) { (void)c; }
static void no_emit(j_common_ptr c, int level) { (void)c; (void)level; }

/* Decodes one input; returns a checksum of the pixels (0 when libjpeg refused the input). */
static unsigned decode(const unsigned char *data, size_t size)
{
    struct jpeg_decompress_struct c;
    struct quiet_error err;
    JSAMPARRAY rows = NULL;
    volatile unsigned sum = 0;
    c.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = error_exit;
    err.pub.output_message = no_message;
    err.pub.emit_message = no_emit;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&c); /* abort and free; rows belong to the pool */
        return 0;
    }
    jpeg_create_decompress(&c);
    jpeg_mem_src(&c, data, (unsigned long)size);
    if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK) {
        jpeg_destroy_decompress(&c);
        return 0;
    }
    if ((unsigned long)c.image_width * c.image_height > MAX_PIXELS) {
        jpeg_destroy_decompress(&c);
        return 0;
    }
    jpeg_start_decompress(&c);
    rows = (*c.mem->alloc_sarray)((j_common_ptr)&c, JPOOL_IMAGE,
                                  c.output_width * c.output_components, 1);
    while (c.output_scanline < c.output_height) {
        if (jpeg_read_scanlines(&c, rows, 1) != 1)
            break;
        sum = (sum * 31u) ^ rows[0][0] ^ rows[0][c.output_width * c.output_components - 1];
    }
    if (c.output_scanline == c.output_height)
        jpeg_finish_decompress(&c);
    else
        jpeg_abort_decompress(&c);
    jpeg_destroy_decompress(&c);
    return sum | 1u;
}

#if defined(LIBFUZZER)

/* libFuzzer's entry point: clang -fsanitize=fuzzer links libFuzzer's main around it. */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static volatile unsigned sink;
    sink += decode(data, size);
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
    while (__AFL_LOOP(1000)) {
        int len = __AFL_FUZZ_TESTCASE_LEN;
        sink += decode(buf, (size_t)len);
    }
    return 0;
}

#else

static unsigned run_file(const char *path)
{
    static unsigned char buf[MAX_INPUT];
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
    if (argc < 2)
        return 2; /* usage: afl_libjpeg_file FILE (silent: the harness never writes) */
#ifdef FORKSERVER
    sink += run_file(argv[1]);
#else
    while (__AFL_LOOP(100000))
        sink += run_file(argv[1]);
#endif
    return 0;
}

#endif /* SHMEM */
#endif /* MAKE_SEED */
