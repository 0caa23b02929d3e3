package lowbit.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import lowbit.data.read.Normalization;
import lowbit.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PixelSpaceTest {

    private static final Normalization CIFAR = Normalization.meanStd(new double[] {0.49, 0.48, 0.45}, new double[] {0.25, 0.24, 0.26});

    /** 2 examples, 3 channels, 2x2: pixel (n, c, i) = (n + 1) * (c + 1) * (i + 1) / 30. */
    private static Tensor normalizedRamp() {
        float[] x = new float[2 * 3 * 4];
        for (int i = 0; i < x.length; i++) {
            int n = i / 12;
            int c = i / 4 % 3;
            double p = (n + 1) * (c + 1) * (i % 4 + 1) / 30.0;
            x[i] = (float) ((p - CIFAR.mean()[c]) / CIFAR.std()[c]);
        }
        return Tensor.of(x, 2, 3, 2, 2);
    }

    @Test
    void pixelsAndInputsAreInverseMapsPerChannel() {
        PixelSpace space = new PixelSpace(CIFAR);
        Tensor x = normalizedRamp();
        float[] p = space.pixels(x);
        assertEquals(2 * 2 * 4 / 30.0, p[12 + 4 + 3], 1e-6);
        assertArrayEquals(x.data(), space.inputs(p, x).data(), 1e-5f);
        assertArrayEquals(x.shape(), space.inputs(p, x).shape());
    }

    @Test
    void pixelGradientIsTheInputGradientOverTheChannelStd() {
        PixelSpace space = new PixelSpace(CIFAR);
        float[] g = new float[24];
        java.util.Arrays.fill(g, 1f);
        float[] pg = space.pixelGradient(Tensor.of(g, 2, 3, 2, 2));
        for (int i = 0; i < 24; i++) assertEquals(1 / CIFAR.std()[i / 4 % 3], pg[i], 1e-5, "index " + i);
    }

    @Test
    void unitNormalizationIsTheIdentityUpToClamping() {
        PixelSpace space = new PixelSpace(Normalization.UNIT);
        Tensor x = Tensor.of(new float[] {-0.0000001f, 0.3f, 1.0000001f, 0.7f}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {0f, 0.3f, 1f, 0.7f}, space.pixels(x), 0f);
        assertArrayEquals(x.data(), space.pixelGradient(x), 0f);
    }

    @Test
    void exampleSeedsFollowTheExampleNotItsPosition() {
        float[] ab = {1, 2, 3, 4, 5, 6};
        float[] ba = {4, 5, 6, 1, 2, 3};
        long[] s1 = ExampleSeeds.of(7, ab, 2);
        long[] s2 = ExampleSeeds.of(7, ba, 2);
        assertEquals(s1[0], s2[1]);
        assertEquals(s1[1], s2[0]);
        assertNotEquals(s1[0], s1[1]);
        assertNotEquals(s1[0], ExampleSeeds.of(8, ab, 2)[0]);
        assertNotEquals(ExampleSeeds.of(7, 0, 1), ExampleSeeds.of(7, 1, 0));
    }
}
