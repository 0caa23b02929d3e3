package lowbit.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import lowbit.config.ConfigError;
import lowbit.quant.AsymmetricQuantizer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ActivationHistogramTest {

    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    private static ActivationHistogram histogram(float[] v) {
        float min = 0;
        float max = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        ActivationHistogram h = new ActivationHistogram(min, max, ActivationHistogram.DEFAULT_BINS);
        h.add(v);
        return h;
    }

    private static double mse(float[] v, double lo, double hi, int bits) {
        AsymmetricQuantizer q = AsymmetricQuantizer.forRange(lo, hi, bits);
        float[] copy = v.clone();
        q.fakeQuantize(copy);
        double e = 0;
        for (int i = 0; i < v.length; i++) e += (v[i] - copy[i]) * (double) (v[i] - copy[i]);
        return e / v.length;
    }

    @Test
    void quantilesOfEvenlySpreadValues() {
        float[] v = new float[10_001];
        for (int i = 0; i < v.length; i++) v[i] = i - 2_000;
        ActivationHistogram h = histogram(v);
        assertEquals(10_001, h.total());
        assertEquals(3_000, h.quantile(0.5), 5.0);
        assertEquals(-2_000, h.quantile(0), 5.0);
        assertEquals(8_000, h.quantile(1), 5.0);
        assertEquals(7_000, h.quantile(0.9), 5.0);
    }

    @Test
    void percentileRuleClipsEachTail() {
        float[] v = gaussian(200_000, 1);
        double[] r = new ActivationRangeRule("percentile", 99.9).range(histogram(v), 8);
        assertEquals(-3.09, r[0], 0.05, "0.1 % quantile of N(0, 1)");
        assertEquals(3.09, r[1], 0.05, "99.9 % quantile of N(0, 1)");
    }

    @Test
    void mseRangeIsNearTheBestClipFoundByBruteForce() {
        float[] v = gaussian(100_000, 2);
        ActivationHistogram h = histogram(v);
        for (int bits : new int[] {2, 4, 8}) {
            double[] chosen = h.mseRange(bits);
            double best = Double.POSITIVE_INFINITY;
            double bestClip = 0;
            for (double c = 0.5; c <= 5; c += 0.01) {
                double e = mse(v, -c, c, bits);
                if (e < best) {
                    best = e;
                    bestClip = c;
                }
            }
            double e = mse(v, chosen[0], chosen[1], bits);
            double minMax = mse(v, h.quantile(0), h.quantile(1), bits);
            System.out.printf("%d bits: mse clip [%.3f, %.3f] error %.3g; brute-force symmetric clip %.2f error %.3g; min/max error %.3g%n",
                    bits, chosen[0], chosen[1], e, bestClip, best, minMax);
            assertTrue(e <= best * 1.05, bits + " bits: " + e + " vs the brute-force best " + best);
            assertTrue(e < minMax, bits + " bits: clipping beats min/max");
        }
    }

    @Test
    void reluOutputsKeepZeroAsTheirLowerEnd() {
        float[] v = gaussian(50_000, 3);
        for (int i = 0; i < v.length; i++) v[i] = Math.max(0, v[i]);
        double[] r = histogram(v).mseRange(4);
        assertEquals(0.0, r[0]);
        assertTrue(r[1] > 1 && r[1] < 4, "upper clip " + r[1]);
    }

    @Test
    void badRulesAreConfigErrorsNamingTheKey() {
        ConfigError kind = assertThrows(ConfigError.class, () -> new ActivationRangeRule("entropy", 99));
        assertTrue(kind.getMessage().contains("lowbit.experiment.activation-range"), kind.getMessage());
        ConfigError p = assertThrows(ConfigError.class, () -> new ActivationRangeRule("percentile", 101));
        assertTrue(p.getMessage().contains("lowbit.experiment.activation-percentile"), p.getMessage());
        assertThrows(IllegalStateException.class, () -> new ActivationHistogram(0, 1, 8).quantile(0.5));
    }
}
