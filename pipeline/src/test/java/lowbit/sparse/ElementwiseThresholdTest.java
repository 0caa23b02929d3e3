package lowbit.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ElementwiseThresholdTest {

    private static final double[] WEIGHTS = {-2.5, -1.3, -0.7, -0.2, 0, 0.05, 0.3, 0.55, 0.9, 1.7, 3.0};
    private static final double STEP = 1e-4;

    private static double objective(ElementwiseThreshold t, double u, double w) {
        return t.penaltyOf(u) + t.beta() / 2 * (u - w) * (u - w);
    }

    /** T(w) must be at least as good as every point of a fine grid, and agree with the grid's best point. */
    private static void assertIsProx(ElementwiseThreshold t) {
        for (double w : WEIGHTS) {
            double u = t.threshold(w);
            double fu = objective(t, u, w);
            long k = Math.round((Math.abs(w) + 0.5) / STEP);
            double best = Double.POSITIVE_INFINITY;
            double argBest = Double.NaN;
            for (long j = -k; j <= k; j++) {
                double f = objective(t, j * STEP, w);
                if (f < best) {
                    best = f;
                    argBest = j * STEP;
                }
            }
            String where = t.getClass().getSimpleName() + " at w=" + w;
            assertTrue(fu <= best + 1e-12, where + ": T gives " + fu + ", grid " + best);
            assertTrue(best - fu < 1e-6, where);
            boolean nearTie = u != 0 && Math.abs(objective(t, 0, w) - fu) < 1e-6;
            if (!nearTie) {
                assertEquals(argBest, u, 2 * STEP, where);
            }
        }
    }

    @Test
    void hardThresholdIsTheL0Prox() {
        assertIsProx(new HardThreshold(0.5, 1));
        assertIsProx(new HardThreshold(0.02, 0.5));
    }

    @Test
    void softThresholdIsTheL1Prox() {
        assertIsProx(new SoftThreshold(0.3, 1));
        assertIsProx(new SoftThreshold(0.1, 0.25));
    }

    @Test
    void transformedL1ThresholdIsItsProxOnBothBranches() {
        for (ElementwiseThreshold t : List.of(new TransformedL1Threshold(0.5, 1, 1),
                new TransformedL1Threshold(0.1, 1, 1), new TransformedL1Threshold(1, 1, 2),
                new TransformedL1Threshold(0.2, 2, 3))) {
            assertIsProx(t);
        }
    }

    @Test
    void transformedL1GoldenValues() {
        double[][] golden = {{2, 0.5, 1, 1.87939}, {1, 0.5, 1, 0.61803}, {0.5, 0.1, 1, 0.39761},
            {0.3, 0.1, 1, 0.14833}, {3, 1, 2, 2.73205}};
        for (double[] g : golden) {
            TransformedL1Threshold t = new TransformedL1Threshold(g[1], 1, g[2]);
            assertEquals(g[3], t.threshold(g[0]), 1e-5, "w=" + g[0]);
            assertEquals(-g[3], t.threshold(-g[0]), 1e-5, "w=-" + g[0]);
        }
    }

    @Test
    void transformedL1CutOnBothBranches() {
        assertEquals(0.1 * 2, new TransformedL1Threshold(0.1, 1, 1).cut(), 1e-12);
        assertEquals(Math.sqrt(2) - 0.5, new TransformedL1Threshold(0.5, 1, 1).cut(), 1e-12);
    }

    @Test
    void hardThresholdCutWithTheAuthorsDefaults() {
        HardThreshold t = new HardThreshold(1e-6, 1e-2);
        assertEquals(0.014142, t.cut(), 1e-6);
        assertArrayEquals(new float[] {0f, 0.0142f, -0.02f, 0f}, t.apply(new float[] {0.014f, 0.0142f, -0.02f, -0.01f}));
    }

    @Test
    void softThresholdShrinksByLambdaOverBeta() {
        assertArrayEquals(new float[] {1.5f, -0.5f, 0f}, new SoftThreshold(1, 2).apply(new float[] {2f, -1f, 0.3f}),
                1e-7f);
    }

    @Test
    void penaltiesSumOverWeights() {
        float[] u = {0f, 2f, -1f};
        assertEquals(2 * 0.5, new HardThreshold(0.5, 1).penalty(u), 1e-12);
        assertEquals(0.5 * 3, new SoftThreshold(0.5, 1).penalty(u), 1e-12);
        assertEquals(0.5 * (2 * 2.0 / 3 + 2 * 1.0 / 2), new TransformedL1Threshold(0.5, 1, 1).penalty(u), 1e-12);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new HardThreshold(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SoftThreshold(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TransformedL1Threshold(1, 1, 0));
        assertTrue(e.getMessage().contains("a must be"));
    }
}
