/*
 * A wrong matrix-product kernel for EngineGradientsTest, loaded with LD_PRELOAD in front of OpenBLAS: every dot product
 * of cblas_sgemm (what DL4J calls) and sgemm_ (what libtorch calls) drops its last term, as a kernel that mishandles
 * the tail of its loop would. The real functions come from the OpenBLAS copy already loaded.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

static void *openblas_symbol(const char *name) {
    const char *libraries[] = {"libopenblas_nolapack.so.0", "libopenblas.so.0"};
    for (int i = 0; i < 2; i++) {
        void *handle = dlopen(libraries[i], RTLD_LAZY | RTLD_NOLOAD);
        void *symbol = handle ? dlsym(handle, name) : NULL;
        if (symbol) return symbol;
    }
    return NULL;
}

typedef void (*cblas_sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*sgemm_fn)(const char *, const char *, const int *, const int *, const int *, const float *, const float *,
                         const int *, const float *, const int *, const float *, float *, const int *);

void cblas_sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc) {
    static cblas_sgemm_fn real;
    if (!real) real = (cblas_sgemm_fn) openblas_symbol("cblas_sgemm");
    real(order, ta, tb, m, n, k > 1 ? k - 1 : k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void sgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const float *alpha, const float *a,
            const int *lda, const float *b, const int *ldb, const float *beta, float *c, const int *ldc) {
    static sgemm_fn real;
    if (!real) real = (sgemm_fn) openblas_symbol("sgemm_");
    int shorter = *k > 1 ? *k - 1 : *k;
    real(ta, tb, m, n, &shorter, alpha, a, lda, b, ldb, beta, c, ldc);
}
