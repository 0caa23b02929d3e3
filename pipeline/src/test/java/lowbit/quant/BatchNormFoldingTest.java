package lowbit.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BatchNormFoldingTest {

    @Test
    void handComputedConvFoldWithZeroVarianceGuard() {
        float[] w = {1f, 2f, 3f, 4f};
        BatchNormParams bn = new BatchNormParams(new float[] {2f, 1f}, new float[] {0.1f, 0.2f},
                new float[] {0.5f, 1f}, new float[] {3f, 0f}, 1.0);
        FoldedWeights f = BatchNormFolding.fold(w, ChannelLayout.convOutputChannels(new int[] {2, 1, 1, 2}),
                new float[] {0.5f, -1f}, bn);
        // channel 1 has zero variance and uses the mean variance 1.5: factor 1 / sqrt(2.5)
        double k = 1 / Math.sqrt(2.5);
        assertArrayEquals(new float[] {1f, 2f, (float) (3 * k), (float) (4 * k)}, f.weights(), 1e-6f);
        assertArrayEquals(new float[] {0.1f, (float) (0.2 - 2 * k)}, f.bias(), 1e-6f);
    }

    @Test
    void guardReplacesOnlyVariancesAtOrBelowOneEMinusTwelve() {
        double[] guarded = BatchNormFolding.guardedVariance(new float[] {1e-12f, 4f, 2f, 1e-11f});
        assertArrayEquals(new double[] {1.5, 4.0, 2.0}, java.util.Arrays.copyOf(guarded, 3), 1e-9);
        assertEquals(1e-11f, guarded[3], 0.0);
    }

    @Test
    void foldedDepthwiseLayerComputesTheSameOutputAsLayerThenBatchNorm() {
        Random rnd = new Random(3);
        int kh = 3, kw = 3, in = 2, mult = 2, channels = in * mult;
        float[] w = random(rnd, kh * kw * channels);
        float[] x = random(rnd, kh * kw * channels);
        float[] bias = random(rnd, channels);
        BatchNormParams bn = new BatchNormParams(random(rnd, channels), random(rnd, channels), random(rnd, channels),
                new float[] {0.5f, 2f, 0.01f, 1f}, 1e-3);
        ChannelLayout layout = ChannelLayout.depthwiseOutputChannels(new int[] {kh, kw, in, mult});
        FoldedWeights f = BatchNormFolding.fold(w, layout, bias, bn);
        double[] plain = new double[channels];
        double[] folded = new double[channels];
        for (int i = 0; i < w.length; i++) {
            int c = layout.channelOf(i);
            plain[c] += w[i] * x[i];
            folded[c] += f.weights()[i] * x[i];
        }
        for (int c = 0; c < channels; c++) {
            double y = bn.gamma()[c] * (plain[c] + bias[c] - bn.mean()[c]) / Math.sqrt(bn.variance()[c] + bn.eps())
                    + bn.beta()[c];
            assertEquals(y, folded[c] + f.bias()[c], 1e-4, "channel " + c);
        }
    }

    @Test
    void missingBiasCountsAsZero() {
        BatchNormParams bn = new BatchNormParams(new float[] {1f}, new float[] {0f}, new float[] {2f},
                new float[] {3f}, 1.0);
        FoldedWeights f = BatchNormFolding.fold(new float[] {4f}, ChannelLayout.whole(1), null, bn);
        assertArrayEquals(new float[] {2f}, f.weights(), 1e-7f);
        assertArrayEquals(new float[] {-1f}, f.bias(), 1e-7f);
    }

    @Test
    void rejectsMismatchedChannelCounts() {
        BatchNormParams bn = new BatchNormParams(new float[3], new float[3], new float[3], new float[3], 1e-5);
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormFolding.fold(new float[4], ChannelLayout.convOutputChannels(new int[] {2, 1, 1, 2}),
                        null, bn));
        assertThrows(IllegalArgumentException.class,
                () -> new BatchNormParams(new float[3], new float[2], new float[3], new float[3], 1e-5));
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
