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

@Tag("unit")
class SymmetricQuantizerTest {

    private static float[] quantizeWhole(int bits, float... w) {
        return new SymmetricQuantizer(bits).quantize(w, ChannelLayout.whole(w.length));
    }

    @Test
    void maxLevelFollowsTwoToTheBitsMinusOneMinusOne() {
        assertEquals(127, new SymmetricQuantizer(8).maxLevel());
        assertEquals(7, new SymmetricQuantizer(4).maxLevel());
        assertEquals(3, new SymmetricQuantizer(3).maxLevel());
        assertEquals(1, new SymmetricQuantizer(2).maxLevel());
        assertEquals(1, new SymmetricQuantizer(1).maxLevel());
    }

    @Test
    void twoBitsIsTernary() {
        assertArrayEquals(new float[] {0.9f, 0f, 0.9f, 0f, -0.9f}, quantizeWhole(2, 0.9f, -0.3f, 0.6f, -0.2f, -0.5f),
                1e-7f);
    }

    @Test
    void threeBitsRoundsToMultiplesOfMaxOverThree() {
        assertArrayEquals(new float[] {1.5f, -0.5f, 0f, 0.5f}, quantizeWhole(3, 1.5f, -0.7f, 0.2f, 0.26f), 1e-7f);
    }

    @Test
    void roundsHalfToEven() {
        SymmetricQuantizer q = new SymmetricQuantizer(3);
        ChannelLayout l = ChannelLayout.whole(4);
        assertArrayEquals(new int[] {3, 0, 2, -2}, q.codes(new float[] {3f, 0.5f, 1.5f, -2.5f}, new float[] {1f}, l));
    }

    @Test
    void clipsCodesToTheGrid() {
        SymmetricQuantizer q = new SymmetricQuantizer(2);
        assertArrayEquals(new int[] {1, -1}, q.codes(new float[] {10f, -7f}, new float[] {1f}, ChannelLayout.whole(2)));
    }

    @Test
    void oneBitIsSignTimesMeanAbs() {
        assertArrayEquals(new float[] {1.5f, -1.5f, 1.5f, 1.5f}, quantizeWhole(1, 1f, -3f, 0f, 2f), 1e-7f);
    }

    @Test
    void perOutputChannelOfConvWeightsUsesOneScalePerFilter() {
        SymmetricQuantizer q = new SymmetricQuantizer(3);
        float[] w = {1f, 0.25f, -4f, 2.5f};
        ChannelLayout l = ChannelLayout.convOutputChannels(new int[] {2, 1, 1, 2});
        assertArrayEquals(new float[] {1f / 3, 4f / 3}, q.scales(w, l), 1e-7f);
        assertArrayEquals(new int[] {3, 1, -3, 2}, q.codes(w, q.scales(w, l), l));
        assertArrayEquals(new float[] {1f, 1f / 3, -4f, 8f / 3}, q.quantize(w, l), 1e-6f);
    }

    @Test
    void perOutputUnitOfDenseWeightsUsesColumns() {
        SymmetricQuantizer q = new SymmetricQuantizer(3);
        float[] w = {1f, -4f, 0.25f, 2.5f};
        assertArrayEquals(new float[] {1f, -4f, 1f / 3, 8f / 3}, q.quantize(w, ChannelLayout.denseOutputs(2, 2)), 1e-6f);
    }

    @Test
    void allZeroChannelStaysZero() {
        SymmetricQuantizer q = new SymmetricQuantizer(3);
        ChannelLayout l = ChannelLayout.convOutputChannels(new int[] {2, 1, 1, 2});
        assertArrayEquals(new float[] {0f, 0f, 0.5f, -1.5f}, q.quantize(new float[] {0f, 0f, 0.5f, -1.5f}, l), 1e-7f);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void everyValueIsOnTheGridWithinHalfAStep(int bits) {
        SymmetricQuantizer q = new SymmetricQuantizer(bits);
        Random rnd = new Random(bits);
        float[] w = new float[3 * 50];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian() * (1 + i / 50);
        }
        ChannelLayout l = ChannelLayout.convOutputChannels(new int[] {3, 5, 1, 10});
        float[] s = q.scales(w, l);
        float[] qw = q.quantize(w, l);
        for (int i = 0; i < w.length; i++) {
            float sc = s[l.channelOf(i)];
            double k = qw[i] / sc;
            assertEquals(Math.rint(k), k, 1e-4, "index " + i);
            assertTrue(Math.abs(k) <= q.maxLevel() + 1e-4);
            assertTrue(Math.abs(w[i] - qw[i]) <= sc / 2 * (1 + 1e-5), "index " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void codesSurvivePackingAndDequantizeToTheFakeQuantizedValues(int bits) {
        SymmetricQuantizer q = new SymmetricQuantizer(bits);
        Random rnd = new Random(100 + bits);
        float[] w = new float[37];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        ChannelLayout l = ChannelLayout.whole(w.length);
        float[] s = q.scales(w, l);
        int[] codes = q.codes(w, s, l);
        byte[] packed = q.pack(codes);
        assertEquals((37 * bits + 7) / 8, packed.length);
        int[] back = q.unpack(packed, codes.length);
        assertArrayEquals(codes, back);
        assertArrayEquals(q.quantize(w, l), q.dequantize(back, s, l));
    }

    @Test
    void rejectsBitsOutsideOneToEight() {
        for (int bits : new int[] {0, 9, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SymmetricQuantizer(bits));
            assertTrue(e.getMessage().contains("1..8"), e.getMessage());
        }
    }

    @Test
    void rejectsMismatchedScalesAndOffGridCodes() {
        SymmetricQuantizer q = new SymmetricQuantizer(2);
        ChannelLayout l = ChannelLayout.whole(2);
        assertThrows(IllegalArgumentException.class, () -> q.codes(new float[2], new float[2], l));
        assertThrows(IllegalArgumentException.class, () -> q.dequantize(new int[] {0, 2}, new float[] {1f}, l));
        assertThrows(IllegalArgumentException.class,
                () -> new SymmetricQuantizer(1).dequantize(new int[] {0, 1}, new float[] {1f}, l));
    }
}
