package lowbit.train;

import lowbit.method.QuantizedFinish;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("unit")
class QuantizedFinishTest {

    private static QuantizedFinish finish(int epochs, double factor, boolean cosine) {
        return new QuantizedFinish(epochs, factor, cosine, false, null);
    }

    @Test
    void aConstantFinishRunsAtBaseTimesFactor() {
        QuantizedFinish f = finish(2, 0.1, false);
        assertEquals(0.002, f.rate(0.02, 3.0, 3), 1e-15);
        assertEquals(0.002, f.rate(0.02, 4.9, 3), 1e-15);
    }

    @Test
    void aCosineFinishStartsAtBaseTimesFactorAndAnnealsToZeroOverItsEpochs() {
        QuantizedFinish f = finish(4, 0.5, true);
        assertEquals(0.01, f.rate(0.02, 1.0, 1), 1e-15, "the finish's first step");
        assertEquals(0.005, f.rate(0.02, 3.0, 1), 1e-15, "half way: half the peak");
        assertEquals(0.01 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), f.rate(0.02, 2.0, 1), 1e-15);
        assertEquals(0.0, f.rate(0.02, 5.0, 1), 1e-15, "the end");
    }

    @Test
    void negativeEpochsAndNonPositiveFactorsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> finish(-1, 0.1, true));
        assertThrows(IllegalArgumentException.class, () -> finish(2, 0, true));
    }
}
