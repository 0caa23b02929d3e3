package lowbit.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GroupThresholdTest {

    private static final float[][] GROUPS = {{1.2f, -0.5f}, {0.05f, 0.08f}, {0.3f, 0.35f}, {-0.9f, 0.1f}, {0f, 0f}};
    private static final double STEP = 2e-3;

    /** On a two-weight group, T(w) must beat every point of a 2-D grid and agree with its best point. */
    private static void assertIsProx(TensorProx prox) {
        for (float[] w : GROUPS) {
            float[] u = prox.apply(w);
            double fu = prox.objective(u, w);
            double radius = Math.max(Math.abs(w[0]), Math.abs(w[1])) + 0.5;
            long k = Math.round(radius / STEP);
            double best = Double.POSITIVE_INFINITY;
            float[] argBest = null;
            float[] candidate = new float[2];
            for (long i = -k; i <= k; i++) {
                for (long j = -k; j <= k; j++) {
                    candidate[0] = (float) (i * STEP);
                    candidate[1] = (float) (j * STEP);
                    double f = prox.objective(candidate, w);
                    if (f < best) {
                        best = f;
                        argBest = candidate.clone();
                    }
                }
            }
            String where = prox.getClass().getSimpleName() + " at w=(" + w[0] + ", " + w[1] + ")";
            assertTrue(fu <= best + 1e-7, where + ": T gives " + fu + ", grid " + best);
            assertTrue(best - fu < 1e-4, where);
            assertArrayEquals(argBest, u, (float) (2 * STEP), where);
        }
    }

    @Test
    void groupHardThresholdIsTheGroupL0Prox() {
        assertIsProx(new GroupHardThreshold(0.125, 1, ChannelLayout.whole(2)));
    }

    @Test
    void groupSoftThresholdIsTheGroupL1Prox() {
        assertIsProx(new GroupSoftThreshold(0.4, 1, ChannelLayout.whole(2)));
        assertIsProx(new GroupSoftThreshold(0.05, 0.5, ChannelLayout.whole(2)));
    }

    @Test
    void inputChannelGroupsOfAConvWeight() {
        // W[o, i] for a [2, 2, 1, 1] conv: input slice 0 = (3, 4), input slice 1 = (0.1, 0.1)
        float[] w = {3f, 0.1f, 4f, 0.1f};
        ChannelLayout inputs = ChannelLayout.convInputChannels(new int[] {2, 2, 1, 1});
        assertArrayEquals(new float[] {3f, 0f, 4f, 0f}, new GroupHardThreshold(0.02, 1, inputs).apply(w));
        assertArrayEquals(new float[] {2.4f, 0f, 3.2f, 0f}, new GroupSoftThreshold(1, 1, inputs).apply(w), 1e-6f);
    }

    @Test
    void outputFilterGroupsAreTheDocumentedOption() {
        // output filter 0 = (3, 0.1), filter 1 = (0.05, 0.05)
        float[] w = {3f, 0.1f, 0.05f, 0.05f};
        ChannelLayout outputs = ChannelLayout.convOutputChannels(new int[] {2, 2, 1, 1});
        assertArrayEquals(new float[] {3f, 0.1f, 0f, 0f}, new GroupHardThreshold(1e-2, 1, outputs).apply(w));
    }

    @Test
    void authorsDefaultGroupCutIsPointOneFourOneFour() {
        GroupHardThreshold t = new GroupHardThreshold(1e-2, 1, ChannelLayout.whole(2));
        assertArrayEquals(new float[] {0f, 0f}, t.apply(new float[] {0.1f, 0.0999f}));
        assertArrayEquals(new float[] {0.1f, 0.1001f}, t.apply(new float[] {0.1f, 0.1001f}));
    }

    @Test
    void penaltiesSumOverGroups() {
        ChannelLayout inputs = ChannelLayout.convInputChannels(new int[] {2, 2, 1, 1});
        float[] u = {3f, 0f, 4f, 0f};
        assertEquals(0.5, new GroupHardThreshold(0.5, 1, inputs).penalty(u), 1e-12);
        assertEquals(0.5 * 5, new GroupSoftThreshold(0.5, 1, inputs).penalty(u), 1e-12);
    }
}
