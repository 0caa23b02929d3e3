package lowbit.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MSE scale rule: clipped scales with less squared error than max scales, near the Gaussian optimum. */
@Tag("unit")
class MseScaleTest {

    /** Two channels of standard normal weights, the second scaled by 3. */
    private static float[] gaussian(int perChannel, long seed) {
        Random r = new Random(seed);
        float[] w = new float[2 * perChannel];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * (i < perChannel ? 1 : 3));
        }
        return w;
    }

    private static double squaredError(float[] w, float[] q) {
        double e = 0;
        for (int i = 0; i < w.length; i++) e += (w[i] - q[i]) * (double) (w[i] - q[i]);
        return e;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 8})
    void mseNeverLosesToMaxAndWinsAtLowBits(int bits) {
        float[] w = gaussian(20_000, bits);
        ChannelLayout channels = ChannelLayout.alongAxis(new int[] {2, 20_000}, 0);
        double max = squaredError(w, new SymmetricQuantizer(bits, ScaleRule.MAX).quantize(w, channels));
        double mse = squaredError(w, new SymmetricQuantizer(bits, ScaleRule.MSE).quantize(w, channels));
        assertTrue(mse <= max, bits + " bits: " + mse + " > " + max);
        if (bits <= 4) assertTrue(mse < 0.7 * max, bits + " bits: clipping halves the error on a Gaussian: " + mse + " vs " + max);
    }

    @Test
    void ternaryScaleOfAGaussianIsNearItsOptimum() {
        // the least-squares ternary grid {-s, 0, s} of N(0, sigma^2) has s = 1.2246 sigma (numerical optimum)
        float[] w = gaussian(50_000, 7);
        float[] s = new SymmetricQuantizer(2, ScaleRule.MSE).scales(w, ChannelLayout.alongAxis(new int[] {2, 50_000}, 0));
        assertEquals(1.2246, s[0], 0.08);
        assertEquals(3 * 1.2246, s[1], 0.24);
        int[] codes = new SymmetricQuantizer(2, ScaleRule.MSE).codes(w, s, ChannelLayout.alongAxis(new int[] {2, 50_000}, 0));
        long zeros = java.util.Arrays.stream(codes).filter(c -> c == 0).count();
        // |w| < s / 2 = 0.61 sigma holds for 46 % of a Gaussian (max scales: |w| < 2 sigma, 95 %)
        assertEquals(0.46, zeros / (double) codes.length, 0.03);
    }

    @Test
    void scalesStayOnTheCandidateGridAndZeroChannelsStayZero() {
        float[] w = {0f, 0f, 0f, 0f, 1f, -0.5f, 0.25f, 0.1f};
        ChannelLayout l = ChannelLayout.alongAxis(new int[] {2, 4}, 0);
        float[] s = new SymmetricQuantizer(3, ScaleRule.MSE).scales(w, l);
        assertEquals(0f, s[0]);
        double k = s[1] * 3 / 1.0 * ScaleRule.MSE_CANDIDATES; // s = (k / 32) max / n with max = 1, n = 3
        assertEquals(Math.rint(k), k, 1e-4);
        assertTrue(k >= 3 && k <= ScaleRule.MSE_CANDIDATES);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, java.util.Arrays.copyOf(new SymmetricQuantizer(3, ScaleRule.MSE).quantize(w, l), 4));
    }

    @Test
    void binaryGridIgnoresTheRule() {
        float[] w = gaussian(1000, 3);
        ChannelLayout l = ChannelLayout.alongAxis(new int[] {2, 1000}, 0);
        assertArrayEquals(new SymmetricQuantizer(1, ScaleRule.MAX).scales(w, l), new SymmetricQuantizer(1, ScaleRule.MSE).scales(w, l));
    }

    @Test
    void rulesByName() {
        assertEquals(ScaleRule.MSE, ScaleRule.of(" MSE"));
        assertEquals(ScaleRule.MAX, ScaleRule.of("max"));
        assertThrows(IllegalArgumentException.class, () -> ScaleRule.of("percentile"));
    }
}
