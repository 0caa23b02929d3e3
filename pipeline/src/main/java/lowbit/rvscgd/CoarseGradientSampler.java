package lowbit.rvscgd;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Fresh Gaussian examples Z (rows ~ N(0, I_n)) and their coarse gradients, from one seeded generator. */
public final class CoarseGradientSampler {
    private final SplittableRandom rng;
    private final double[] z;

    public CoarseGradientSampler(int k, int n, SplittableRandom rng) {
        this.rng = rng;
        this.z = new double[k * n];
    }

    /**
     * Draws {@code examples} examples and writes the mean of their coarse gradients g_w at (w, v) into
     * {@code gradient} (overwritten); returns their mean loss (1/2)(y - y*)^2.
     */
    public double average(double[] w, double[] v, Teacher teacher, int examples, double[] gradient) {
        Arrays.fill(gradient, 0.0);
        double loss = 0;
        for (int e = 0; e < examples; e++) {
            loss += accumulate(w, v, teacher, gradient);
        }
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] /= examples;
        }
        return loss / examples;
    }

    /** Draws one example and adds its coarse gradient at (w, v) to {@code gradient}; returns its loss. */
    public double accumulate(double[] w, double[] v, Teacher teacher, double[] gradient) {
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        return BinaryActivationCnn.addCoarseGradient(z, w, v, teacher.output(z), gradient);
    }
}
