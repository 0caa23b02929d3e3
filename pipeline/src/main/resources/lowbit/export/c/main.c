/* main.c: a demo of the model in model.c, written by lowbit export --format c.
 *
 *   cc -std=c99 -O2 -o classify main.c model.c
 *   ./classify FILE...
 *
 * Each FILE is either
 *   - raw: one or more images in a row, each LOWBIT_INPUT_BYTES uint8 pixels, channel-major (C x H x W) as lowbit's
 *     shards store them (a file of N images has N x LOWBIT_INPUT_BYTES bytes), or
 *   - PGM (P5, for 1-channel models) or PPM (P6, for 3-channel models) of the model's size with maxval 255, one or
 *     more images in a row; PPM's interleaved RGB is reordered to channel-major.
 * It prints one line per image: FILE[INDEX]: class K NAME, scores S0 S1 ... (the float logits, %.9g, which reads back
 * as the same float). Exit code 2 on a file it cannot read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

static uint8_t image[LOWBIT_INPUT_BYTES];
static uint8_t interleaved[LOWBIT_INPUT_BYTES];
static int8_t scratch[LOWBIT_SCRATCH_BYTES];

static void fail(const char *file, const char *message) {
    fprintf(stderr, "%s: %s\n", file, message);
    exit(2);
}

static void classify(const char *file, long index) {
    float scores[LOWBIT_CLASSES];
    int k = lowbit_predict(image, scratch, scores);
    int c;
    printf("%s[%ld]: class %d %s, scores", file, index, k, lowbit_class_names[k]);
    for (c = 0; c < LOWBIT_CLASSES; c++) printf(" %.9g", (double)scores[c]);
    printf("\n");
}

/* Skips whitespace and # comments; returns the next character (EOF at the end). */
static int skip_space(FILE *f) {
    int c = fgetc(f);
    for (;;) {
        if (c == '#') {
            while (c != '\n' && c != EOF) c = fgetc(f);
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            c = fgetc(f);
        } else {
            return c;
        }
    }
}

static long header_number(FILE *f, const char *file) {
    long n = 0;
    int c = skip_space(f);
    if (c < '0' || c > '9') fail(file, "bad PGM/PPM header");
    while (c >= '0' && c <= '9') {
        n = n * 10 + (c - '0');
        if (n > 1000000L) fail(file, "bad PGM/PPM header: number too large");
        c = fgetc(f);
    }
    /* exactly one whitespace character ends the number (it ends the header after maxval) */
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') fail(file, "bad PGM/PPM header");
    return n;
}

/* One P5 / P6 image after its magic; format is '5' or '6'. */
static void read_pnm(FILE *f, const char *file, int format) {
    int channels = format == '5' ? 1 : 3;
    long width = header_number(f, file);
    long height = header_number(f, file);
    long maxval = header_number(f, file);
    long plane = (long)LOWBIT_INPUT_HEIGHT * LOWBIT_INPUT_WIDTH;
    long i;
    int c;
    if (channels != LOWBIT_INPUT_CHANNELS) fail(file, format == '5' ? "PGM is 1 channel, the model takes another count" : "PPM is 3 channels, the model takes another count");
    if (width != LOWBIT_INPUT_WIDTH || height != LOWBIT_INPUT_HEIGHT) fail(file, "the image size is not the model's (LOWBIT_INPUT_WIDTH x LOWBIT_INPUT_HEIGHT)");
    if (maxval != 255) fail(file, "maxval must be 255 (8-bit pixels)");
    if (channels == 1) {
        if (fread(image, 1, LOWBIT_INPUT_BYTES, f) != (size_t)LOWBIT_INPUT_BYTES) fail(file, "truncated image data");
        return;
    }
    if (fread(interleaved, 1, LOWBIT_INPUT_BYTES, f) != (size_t)LOWBIT_INPUT_BYTES) fail(file, "truncated image data");
    for (i = 0; i < plane; i++) {
        for (c = 0; c < channels; c++) image[c * plane + i] = interleaved[i * channels + c];
    }
}

static void classify_file(const char *file) {
    FILE *f = fopen(file, "rb");
    long index = 0;
    int first;
    int second;
    if (f == NULL) fail(file, "cannot open");
    first = fgetc(f);
    second = fgetc(f);
    if (first == 'P' && (second == '5' || second == '6')) {
        for (;;) {
            int c;
            read_pnm(f, file, second);
            classify(file, index++);
            c = skip_space(f);
            if (c == EOF) break;
            if (c != 'P') fail(file, "unexpected bytes after an image");
            second = fgetc(f);
            if (second != '5' && second != '6') fail(file, "unexpected bytes after an image");
        }
    } else {
        size_t got;
        rewind(f);
        while ((got = fread(image, 1, LOWBIT_INPUT_BYTES, f)) == (size_t)LOWBIT_INPUT_BYTES) classify(file, index++);
        if (got != 0) fail(file, "the raw file's size is not a multiple of LOWBIT_INPUT_BYTES");
        if (index == 0) fail(file, "empty file");
    }
    if (ferror(f)) fail(file, "read error");
    fclose(f);
}

int main(int argc, char **argv) {
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...  (raw images of %d bytes each, channel-major, or PGM / PPM)\n", argv[0], LOWBIT_INPUT_BYTES);
        return 2;
    }
    for (i = 1; i < argc; i++) classify_file(argv[i]);
    return 0;
}
