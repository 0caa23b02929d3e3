package lowbit.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SqnrTest {

    @Test
    void handComputedRatio() {
        assertEquals(10 * Math.log10(25.0), Sqnr.decibels(new float[] {3f, 4f}, new float[] {3f, 3f}), 1e-9);
    }

    @Test
    void exactReconstructionIsInfinite() {
        assertEquals(Double.POSITIVE_INFINITY, Sqnr.decibels(new float[] {1f, -2f}, new float[] {1f, -2f}));
        assertEquals(Double.NEGATIVE_INFINITY, Sqnr.decibels(new float[] {0f}, new float[] {1f}));
    }

    @Test
    void aboutSixDecibelsPerBitOnAFullRangeUniformSignal() {
        Random rnd = new Random(7);
        float[] x = new float[200_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        ChannelLayout l = ChannelLayout.whole(x.length);
        for (int b = 5; b < 8; b++) {
            double lower = Sqnr.decibels(x, new SymmetricQuantizer(b).quantize(x, l));
            double upper = Sqnr.decibels(x, new SymmetricQuantizer(b + 1).quantize(x, l));
            assertEquals(6.02, upper - lower, 0.4, "bits " + b);
        }
    }

    @Test
    void rejectsLengthMismatch() {
        assertThrows(IllegalArgumentException.class, () -> Sqnr.decibels(new float[2], new float[3]));
    }
}
