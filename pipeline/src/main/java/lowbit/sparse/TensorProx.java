package lowbit.sparse;

/**
 * A thresholding operator T = prox of lambda P / beta: T(w) = argmin_u lambda P(u) + beta/2 ||u - w||^2
 * (docs/methods.md, RVSM and RGSM). Used as the relaxed split u = T(w) of RVSM / RGSM.
 */
public interface TensorProx {

    /** u = T(w); a new array, w is not changed. */
    float[] apply(float[] w);

    /** lambda P(u), the weighted penalty the operator is the prox of. */
    double penalty(float[] u);

    double beta();

    /** lambda P(u) + beta/2 ||u - w||^2, the quantity T minimizes over u. */
    default double objective(float[] u, float[] w) {
        if (u.length != w.length) {
            throw new IllegalArgumentException("u has " + u.length + " values, w " + w.length);
        }
        double sq = 0;
        for (int i = 0; i < u.length; i++) {
            double d = (double) u[i] - w[i];
            sq += d * d;
        }
        return penalty(u) + beta() / 2 * sq;
    }
}
