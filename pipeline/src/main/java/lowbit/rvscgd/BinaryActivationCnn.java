package lowbit.rvscgd;

/**
 * The one-hidden-layer non-overlapping CNN of Dinh and Xin (docs/methods.md, RVSCGD): one example is Z in R^{k x n}
 * (k patches of n inputs, row-major in a flat array), the filter w in R^n is shared by the patches and
 * y = v^T sigma(Z w) with the binarized activation sigma(x) = 1{x > 0}.
 */
public final class BinaryActivationCnn {

    private BinaryActivationCnn() {
    }

    /** y = sum_i v_i 1{Z_i . w > 0}. */
    public static double output(double[] z, double[] w, double[] v) {
        double y = 0;
        for (int i = 0; i < v.length; i++) {
            if (patchDot(z, i, w) > 0) {
                y += v[i];
            }
        }
        return y;
    }

    /**
     * Adds the coarse gradient of (1/2)(y - yStar)^2 for one example to {@code gradient}:
     * g_w = sum_i v_i Z_i 1{Z_i . w > 0} (y - yStar), the straight-through proxy (ReLU derivative 1{x > 0}) in
     * place of sigma' = 0. Returns the example's loss (1/2)(y - yStar)^2.
     */
    public static double addCoarseGradient(double[] z, double[] w, double[] v, double yStar, double[] gradient) {
        int n = w.length;
        boolean[] active = new boolean[v.length];
        double y = 0;
        for (int i = 0; i < v.length; i++) {
            active[i] = patchDot(z, i, w) > 0;
            if (active[i]) {
                y += v[i];
            }
        }
        double residual = y - yStar;
        for (int i = 0; i < v.length; i++) {
            if (active[i]) {
                double scale = v[i] * residual;
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    gradient[j] += scale * z[row + j];
                }
            }
        }
        return 0.5 * residual * residual;
    }

    private static double patchDot(double[] z, int patch, double[] w) {
        int row = patch * w.length;
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += z[row + j] * w[j];
        }
        return s;
    }
}
