/*
 * libfuzzer_crash.c - a libFuzzer target that crashes (a null write) on inputs starting with
 * "FU", so a short run ends in libFuzzer's crash report ("deadly signal"). Recorded into
 * tracers/src/test/resources/libfuzzer/ by sample-traces/record-libfuzzer.sh.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 2 && data[0] == 'F' && data[1] == 'U') {
        volatile int *p = NULL;
        *p = 1;
    }
    return 0;
}
