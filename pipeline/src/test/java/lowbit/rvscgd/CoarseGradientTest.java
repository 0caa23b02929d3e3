package lowbit.rvscgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sampled coarse gradient against the closed form in docs/methods.md (RVSCGD). With N independent examples
 * the mean of coordinate j has standard error s_j / sqrt(N) (s_j the sample standard deviation), so by the central
 * limit theorem each z_j = (mean_j - E_j) / (s_j / sqrt(N)) is close to N(0, 1): we accept when every |z_j| <= 5 and
 * the mean of z_j^2 (expected 1) is at most 1 + 6 sqrt(2 / n). The same check must reject the closed form scaled by
 * 1.1, so it is sharp enough to catch a wrong constant.
 */
@Tag("unit")
class CoarseGradientTest {

    private static final int EXAMPLES = 50_000;

    @Test
    void oneExamplesGradientPassesOnlyThroughActiveUnits() {
        double[] z = {1, 0, 0, -1};           // k = 2 patches of n = 2
        double[] w = {1, 1};                  // pre-activations 1 and -1: only unit 0 fires
        double[] v = {0.5, 0.5};
        double[] g = new double[2];
        double loss = BinaryActivationCnn.addCoarseGradient(z, w, v, 1.0, g);
        assertEquals(0.5, BinaryActivationCnn.output(z, w, v));
        assertEquals(0.125, loss, 1e-15);     // (1/2)(0.5 - 1)^2
        assertArrayEquals(new double[] {-0.25, 0}, g, 1e-15);  // v_0 Z_0 (y - y*)
    }

    @Test
    void sampledMeanMatchesTheClosedFormWithTheDefaultOutputWeights() {
        SplittableRandom rng = new SplittableRandom(11);
        Teacher teacher = Teacher.sparse(100, 16, 15, rng.split());
        for (double mix : new double[] {0.3, -0.4}) {         // about 67 and 124 degrees from wStar
            double[] w = near(teacher.w(), mix, rng.split());
            checkAgainstClosedForm(w, teacher.v(), teacher, rng.split());
        }
    }

    @Test
    void sampledMeanMatchesTheClosedFormForSignedOutputWeights() {
        SplittableRandom rng = new SplittableRandom(12);
        Teacher sparse = Teacher.sparse(20, 5, 4, rng.split());
        Teacher teacher = new Teacher(sparse.w(), new double[] {0.7, -0.2, 0.4, 0.1, -0.5});
        double[] v = {0.3, 0.5, -0.4, 0.2, 0.6};
        checkAgainstClosedForm(near(teacher.w(), 0.5, rng.split()), v, teacher, rng.split());
    }

    @Test
    void closedFormLossMatchesTheSampledLoss() {
        SplittableRandom rng = new SplittableRandom(13);
        Teacher teacher = Teacher.sparse(30, 8, 5, rng.split());
        double[] w = near(teacher.w(), 0.4, rng.split());
        CoarseGradientSampler sampler = new CoarseGradientSampler(8, 30, rng.split());
        double sum = 0;
        double sumSquares = 0;
        double[] scratch = new double[30];
        for (int e = 0; e < EXAMPLES; e++) {
            double loss = sampler.accumulate(w, teacher.v(), teacher, scratch);
            sum += loss;
            sumSquares += loss * loss;
        }
        double mean = sum / EXAMPLES;
        double standardError = Math.sqrt((sumSquares / EXAMPLES - mean * mean) / EXAMPLES);
        double expected = GaussianExpectations.loss(w, teacher.v(), teacher);
        assertEquals(expected, mean, 5 * standardError);
        // with v = vStar = 1/k the loss is theta / (2 pi k)
        assertEquals(Vectors.angle(w, teacher.w()) / (2 * Math.PI * 8), expected, 1e-15);
        assertEquals(0.5 * (1.0 / 8 + 1) / 4, GaussianExpectations.loss(new double[30], teacher.v(), teacher), 1e-15);
    }

    private static void checkAgainstClosedForm(double[] w, double[] v, Teacher teacher, SplittableRandom rng) {
        int n = w.length;
        CoarseGradientSampler sampler = new CoarseGradientSampler(v.length, n, rng);
        double[] sum = new double[n];
        double[] sumSquares = new double[n];
        double[] one = new double[n];
        for (int e = 0; e < EXAMPLES; e++) {
            java.util.Arrays.fill(one, 0);
            sampler.accumulate(w, v, teacher, one);
            for (int j = 0; j < n; j++) {
                sum[j] += one[j];
                sumSquares[j] += one[j] * one[j];
            }
        }
        double[] mean = new double[n];
        double[] standardError = new double[n];
        for (int j = 0; j < n; j++) {
            mean[j] = sum[j] / EXAMPLES;
            standardError[j] = Math.sqrt((sumSquares[j] / EXAMPLES - mean[j] * mean[j]) / EXAMPLES);
        }
        double[] expected = GaussianExpectations.coarseGradient(w, v, teacher);
        double[] wrong = expected.clone();
        for (int j = 0; j < n; j++) {
            wrong[j] *= 1.1;
        }
        double bound = 1 + 6 * Math.sqrt(2.0 / n);
        Fit right = Fit.of(mean, standardError, expected);
        System.out.printf("coarse gradient n %d: max |z| %.2f, mean z^2 %.2f (bound %.2f); closed form x 1.1: mean z^2 %.2f%n",
                n, right.maxAbsZ, right.meanSquaredZ, bound, Fit.of(mean, standardError, wrong).meanSquaredZ);
        assertTrue(right.maxAbsZ <= 5, "max |z| " + right.maxAbsZ);
        assertTrue(right.meanSquaredZ <= bound, "mean z^2 " + right.meanSquaredZ);
        assertTrue(Fit.of(mean, standardError, wrong).meanSquaredZ > bound, "the check must reject a 10 % error");
    }

    private record Fit(double maxAbsZ, double meanSquaredZ) {
        static Fit of(double[] mean, double[] standardError, double[] expected) {
            double max = 0;
            double squares = 0;
            for (int j = 0; j < mean.length; j++) {
                double z = (mean[j] - expected[j]) / standardError[j];
                max = Math.max(max, Math.abs(z));
                squares += z * z;
            }
            return new Fit(max, squares / mean.length);
        }
    }

    /** A unit vector mix * wStar + (1 - |mix|) * (random unit direction), normalized. */
    static double[] near(double[] wStar, double mix, SplittableRandom rng) {
        double[] noise = new double[wStar.length];
        for (int j = 0; j < noise.length; j++) {
            noise[j] = rng.nextGaussian();
        }
        noise = Vectors.unit(noise);
        double[] w = new double[wStar.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = mix * wStar[j] + (1 - Math.abs(mix)) * noise[j];
        }
        return Vectors.unit(w);
    }
}
