/*
 * libfuzzer_noop.c - a libFuzzer target that does nothing with its input, so that libFuzzer
 * runs millions of inputs a second: bench/uprobe-cost.sh times it with and without a uprobe on
 * LLVMFuzzerTestOneInput to measure what one hit costs.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}
