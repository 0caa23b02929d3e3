package lowbit.qgt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class QuantizationBottleneckTest {

    @Test
    void relativeErrorOfTheTwoBitGrid() {
        float[] w = {0.9f, -0.3f, 0.6f, -0.2f};
        assertEquals(0.22 / 1.30,
                QuantizationBottleneck.relativeError(w, new SymmetricQuantizer(2), ChannelLayout.whole(4)), 1e-6);
    }

    @Test
    void moreBitsMeanSmallerRelativeError() {
        float[] w = {0.9f, -0.3f, 0.6f, -0.2f, 0.05f, 0.77f};
        ChannelLayout l = ChannelLayout.whole(w.length);
        double previous = Double.POSITIVE_INFINITY;
        for (int b = 2; b <= 8; b++) {
            double rho = QuantizationBottleneck.relativeError(w, new SymmetricQuantizer(b), l);
            assertTrue(rho < previous, "bits " + b);
            previous = rho;
        }
    }

    @Test
    void zeroTensorHasNoError() {
        assertEquals(0.0, QuantizationBottleneck.relativeError(new float[3], new SymmetricQuantizer(1),
                ChannelLayout.whole(3)), 0.0);
    }
}
