package lowbit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MixedPrecisionTest {

    /** A layer of n weights whose error halves per extra bit, with a sensitivity factor; bytes n b / 8. */
    private static LayerCosts layer(String name, int n, double sensitivity) {
        double[] rho = new double[9];
        long[] bytes = new long[9];
        for (int b = 1; b <= 8; b++) {
            rho[b] = sensitivity * Math.pow(0.25, b);
            bytes[b] = (long) n * b / 8;
        }
        return new LayerCosts(new ParamView(name, ParamKind.DENSE_WEIGHT, 0, new int[] {n}, 0), rho, bytes);
    }

    @Test
    void aSensitiveSmallLayerGetsMoreBitsPaidByTheLargeOne() {
        List<LayerCosts> layers = List.of(layer("small", 800, 100.0), layer("large", 80_000, 1.0));
        Map<String, Integer> bits = MixedPrecision.allocate(layers, 4);
        assertEquals(Map.of("small", 8, "large", 3), bits);
        assertTrue(MixedPrecision.bytes(layers, bits) <= 800 * 4 / 8 + 80_000 * 4 / 8);
    }

    @Test
    void equallySensitiveLayersKeepUniformBits() {
        // Lowering the large layer by one bit costs more error than the small one can gain.
        List<LayerCosts> layers = List.of(layer("a", 800, 1.0), layer("b", 80_000, 1.0));
        assertEquals(Map.of("a", 2, "b", 2), MixedPrecision.allocate(layers, 2));
    }
}
