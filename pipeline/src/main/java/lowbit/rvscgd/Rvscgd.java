package lowbit.rvscgd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import lowbit.sparse.ElementwiseThreshold;

/**
 * Relaxed variable splitting coarse gradient descent (Dinh and Xin; docs/methods.md) on the teacher-student problem:
 * each iteration u = T(w), then w <- w - lr [g_w + beta (w - u)] with g_w the coarse gradient averaged over a
 * minibatch of fresh Gaussian examples, then w <- w / ||w||.
 *
 * <p>Choices [design]: v stays fixed at vStar = 1/k. w is kept on the unit sphere: sigma(Z w) depends on w only
 * through its direction, so the loss is blind to ||w|| while the penalties and the thresholds are not; without the
 * projection ||w|| drifts down (the expected coarse gradient has no outward part) until the threshold zeroes the
 * support. On the sphere the fixed points are the paper's "sparsifying transformation" of wStar: for l1,
 * w = S(wStar) / ||S(wStar)|| with S the soft threshold at lambda / c, c = 1/(2 k sqrt(2 pi)) (tested with the
 * expected gradient). w starts as a uniformly random unit vector.
 */
public final class Rvscgd {

    /** Where the coarse gradient at w comes from: sampled minibatches or its closed-form expectation. */
    public interface CoarseGradient {
        /** Writes the gradient at (w, v) into {@code out} (overwritten). */
        void at(double[] w, double[] v, double[] out);
    }

    private Rvscgd() {
    }

    /**
     * One run of {@code setting} from the spec's seed, whose generator draws, in this order, the teacher, the start
     * and the samples: every threshold of a spec sees the same three. Returns iterations 0 (the start) to N.
     */
    public static List<IterationMetrics> run(RvscgdSpec spec, ThresholdSetting setting) {
        SplittableRandom root = new SplittableRandom(spec.seed());
        Teacher teacher = teacher(spec, root);
        double[] w0 = Vectors.unit(gaussian(spec.n(), root.split()));
        CoarseGradientSampler sampler = new CoarseGradientSampler(spec.k(), spec.n(), root.split());
        return iterate(teacher, w0, setting.create(), spec.lr(), spec.iterations(),
                (w, v, out) -> sampler.average(w, v, teacher, spec.batchSize(), out));
    }

    /** The teacher of a run (see {@link #run}). */
    public static Teacher teacher(RvscgdSpec spec) {
        return teacher(spec, new SplittableRandom(spec.seed()));
    }

    /** RVSCGD from w0 (made unit) with v = vStar; returns the metrics of iterations 0 to {@code iterations}. */
    public static List<IterationMetrics> iterate(Teacher teacher, double[] w0, ElementwiseThreshold t, double lr,
                                                 int iterations, CoarseGradient gradient) {
        double[] w = Vectors.unit(w0);
        double[] v = teacher.v().clone();
        double[] g = new double[w.length];
        List<IterationMetrics> rows = new ArrayList<>(iterations + 1);
        rows.add(IterationMetrics.of(0, w, threshold(t, w), v, teacher));
        for (int it = 1; it <= iterations; it++) {
            double[] u = threshold(t, w);
            gradient.at(w, v, g);
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * (g[j] + t.beta() * (w[j] - u[j]));
            }
            w = Vectors.unit(w);
            rows.add(IterationMetrics.of(it, w, threshold(t, w), v, teacher));
        }
        return rows;
    }

    /** u = T(w), elementwise in double precision. */
    public static double[] threshold(ElementwiseThreshold t, double[] w) {
        double[] u = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            u[j] = t.threshold(w[j]);
        }
        return u;
    }

    private static Teacher teacher(RvscgdSpec spec, SplittableRandom root) {
        return Teacher.sparse(spec.n(), spec.k(), spec.teacherNonzeros(), root.split());
    }

    private static double[] gaussian(int n, SplittableRandom rng) {
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = rng.nextGaussian();
        }
        return x;
    }
}
