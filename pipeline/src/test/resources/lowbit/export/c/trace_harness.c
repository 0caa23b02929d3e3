/* Test harness: runs lowbit_predict on every image of a raw file and prints, per image, the predicted class and the
 * scores' IEEE bits, and for the first TRACED images every tensor (hex bytes) through the LOWBIT_TRACE hook.
 *   usage: trace_harness IMAGES.raw TRACED
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static int tracing;
static uint8_t image[LOWBIT_INPUT_BYTES];
static int8_t scratch[LOWBIT_SCRATCH_BYTES];

void lowbit_trace(const char *tensor, const int8_t *values, int32_t count) {
    int32_t i;
    if (!tracing) return;
    printf("T %s ", tensor);
    for (i = 0; i < count; i++) printf("%02x", (unsigned)(uint8_t)values[i]);
    printf("\n");
}

int main(int argc, char **argv) {
    FILE *f;
    long traced;
    long index = 0;
    float scores[LOWBIT_CLASSES];
    if (argc != 3) return 2;
    f = fopen(argv[1], "rb");
    if (f == NULL) return 2;
    traced = atol(argv[2]);
    memset(scratch, 0x5a, sizeof scratch); /* garbage: nothing may rely on a zeroed arena */
    while (fread(image, 1, LOWBIT_INPUT_BYTES, f) == (size_t)LOWBIT_INPUT_BYTES) {
        int k;
        int c;
        tracing = index < traced;
        printf("I %ld\n", index);
        k = lowbit_predict(image, scratch, scores);
        printf("S %d", k);
        for (c = 0; c < LOWBIT_CLASSES; c++) {
            uint32_t bits;
            memcpy(&bits, &scores[c], sizeof bits);
            printf(" %08lx", (unsigned long)bits);
        }
        printf("\n");
        index++;
    }
    fclose(f);
    return 0;
}
