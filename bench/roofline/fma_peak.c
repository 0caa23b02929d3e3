/* This CPU's single-precision multiply-add peak: each thread runs independent fused multiply-adds on 16 vector
 * registers (enough to cover the FMA latency on two ports), for AVX2 (8 lanes) and, where the CPU has it, AVX-512
 * (16 lanes). Prints one line per vector width and thread count:
 *   PEAK isa=<avx2|avx512> threads=<n> gflops=<billions of floating-point operations per second, 2 per FMA>
 * Usage: fma_peak [seconds per measurement, default 1] */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define ACCUMULATORS 12 /* with the two constants, within AVX2's 16 vector registers */
#define ROUNDS 4096 /* FMAs per accumulator between two clock reads */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef struct { int wide; double seconds; double flops; float sink; } job;

__attribute__((target("avx2,fma"))) static void run256(job *j) {
    __m256 acc[ACCUMULATORS], a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_set1_ps((float) i);
    double start = now(), rounds = 0;
    do {
        for (int r = 0; r < ROUNDS; r++)
#pragma GCC unroll 32 /* keeps each accumulator in a register */
            for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
        rounds += ROUNDS;
    } while (now() - start < j->seconds);
    j->flops = rounds * ACCUMULATORS * 8 * 2 / (now() - start);
    float out[8];
    for (int i = 1; i < ACCUMULATORS; i++) acc[0] = _mm256_add_ps(acc[0], acc[i]);
    _mm256_storeu_ps(out, acc[0]);
    j->sink = out[0];
}

__attribute__((target("avx512f"))) static void run512(job *j) {
    __m512 acc[ACCUMULATORS], a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm512_set1_ps((float) i);
    double start = now(), rounds = 0;
    do {
        for (int r = 0; r < ROUNDS; r++)
#pragma GCC unroll 32 /* keeps each accumulator in a register */
            for (int i = 0; i < ACCUMULATORS; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
        rounds += ROUNDS;
    } while (now() - start < j->seconds);
    j->flops = rounds * ACCUMULATORS * 16 * 2 / (now() - start);
    for (int i = 1; i < ACCUMULATORS; i++) acc[0] = _mm512_add_ps(acc[0], acc[i]);
    j->sink = _mm512_reduce_add_ps(acc[0]);
}

static void *work(void *arg) {
    job *j = arg;
    if (j->wide) run512(j); else run256(j);
    return NULL;
}

static void measure(int wide, int threads, double seconds) {
    pthread_t t[256];
    job jobs[256];
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job) {wide, seconds, 0, 0};
        pthread_create(&t[i], NULL, work, &jobs[i]);
    }
    double total = 0;
    float sink = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += jobs[i].flops;
        sink += jobs[i].sink;
    }
    printf("PEAK isa=%s threads=%d gflops=%.1f\n", wide ? "avx512" : "avx2", threads, total / 1e9);
    if (sink == 12345.678f) puts(""); /* keeps the results live */
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int cores = (int) sysconf(_SC_NPROCESSORS_ONLN);
    if (cores > 256) cores = 256;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
        fprintf(stderr, "fma_peak: this CPU has no AVX2 with FMA\n");
        return 2;
    }
    for (int wide = 0; wide <= (__builtin_cpu_supports("avx512f") != 0); wide++) {
        measure(wide, 1, seconds);
        if (cores > 1) measure(wide, cores, seconds);
    }
    return 0;
}
