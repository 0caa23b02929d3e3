package lowbit.rvscgd;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ground truth y* = vStar^T sigma(Z wStar): a sparse unit filter wStar and output weights vStar.
 * Arrays are shared, not copied; callers must not change them.
 */
public record Teacher(double[] w, double[] v) {

    /** Smallest nonzero magnitude of the teacher before normalization, relative to the largest (1). */
    public static final double MIN_MAGNITUDE = 0.5;

    /**
     * A teacher with {@code nonzeros} nonzero weights at uniformly random positions, magnitudes uniform in
     * [0.5, 1] and random signs, scaled to ||wStar|| = 1, and vStar = 1/k. Magnitudes are kept away from zero
     * [design] so that the support is recoverable at all: a nonzero of 1e-3 could not be told from noise.
     */
    public static Teacher sparse(int n, int k, int nonzeros, SplittableRandom rng) {
        if (n < 1 || k < 1 || nonzeros < 1 || nonzeros > n) {
            throw new IllegalArgumentException("need n, k >= 1 and 1 <= nonzeros <= n, got n " + n + ", k " + k
                    + ", nonzeros " + nonzeros);
        }
        int[] positions = new int[n];
        for (int j = 0; j < n; j++) {
            positions[j] = j;
        }
        double[] w = new double[n];
        for (int s = 0; s < nonzeros; s++) {
            int pick = s + rng.nextInt(n - s);
            int j = positions[pick];
            positions[pick] = positions[s];
            positions[s] = j;
            double magnitude = rng.nextDouble(MIN_MAGNITUDE, 1.0);
            w[j] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        double[] v = new double[k];
        Arrays.fill(v, 1.0 / k);
        return new Teacher(Vectors.unit(w), v);
    }

    public int n() {
        return w.length;
    }

    public int k() {
        return v.length;
    }

    /** y* for one example. */
    public double output(double[] z) {
        return BinaryActivationCnn.output(z, w, v);
    }
}
