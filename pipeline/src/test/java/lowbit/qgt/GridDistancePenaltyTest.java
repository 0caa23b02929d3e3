package lowbit.qgt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GridDistancePenaltyTest {

    private static final float[] W = {0.9f, -0.3f, 0.6f, -0.2f};

    @Test
    void meanSquaredDistanceToTheTwoBitGrid() {
        // Q = (0.9, 0, 0.9, 0): distances (0, -0.3, -0.3, -0.2)
        assertEquals(0.22 / 4, new GridDistancePenalty(2).value(W, ChannelLayout.whole(4)), 1e-7);
    }

    @Test
    void gradientIsTwiceTheDistanceOverTheCount() {
        assertArrayEquals(new float[] {0f, -0.15f, -0.15f, -0.1f},
                new GridDistancePenalty(2).gradient(W, ChannelLayout.whole(4)), 1e-7f);
    }

    @Test
    void gradientMatchesFiniteDifferencesWhileTheGridIsFixed() {
        PenaltyGradientCheck.assertGradientMatches(
                new GridDistancePenalty(3), new float[] {1.5f, -0.7f, 0.2f, 0.26f, -1.1f}, 1e-4);
    }

    @Test
    void perChannelScalesLowerTheDistance() {
        float[] w = {1f, 0.4f, 0.1f, 0.04f};
        ChannelLayout filters = ChannelLayout.convOutputChannels(new int[] {2, 1, 1, 2});
        GridDistancePenalty p = new GridDistancePenalty(2);
        // per filter: Q = (1, 0, 0.1, 0); per tensor: Q = (1, 0, 0, 0)
        assertEquals((0.16 + 0.0016) / 4, p.value(w, filters), 1e-7);
        assertEquals((0.16 + 0.01 + 0.0016) / 4, p.value(w, ChannelLayout.whole(4)), 1e-7);
    }

    @Test
    void weightsOnTheGridHaveNoPenalty() {
        float[] w = {0.5f, -1.5f, 0f, 1f};
        assertEquals(0.0, new GridDistancePenalty(3).value(w, ChannelLayout.whole(4)), 0.0);
        assertArrayEquals(new float[4], new GridDistancePenalty(3).gradient(w, ChannelLayout.whole(4)));
    }
}
