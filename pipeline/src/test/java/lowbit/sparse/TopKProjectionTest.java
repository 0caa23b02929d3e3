package lowbit.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TopKProjectionTest {

    private static final float[] W = {0.1f, -0.5f, 0.3f, -0.2f, 0.4f};

    @Test
    void keepsTheLargestMagnitudes() {
        assertArrayEquals(new float[] {0f, -0.5f, 0f, 0f, 0.4f}, TopKProjection.ofWeights(W, 0.4));
        assertArrayEquals(new float[] {0f, -0.5f, 0.3f, 0f, 0.4f}, TopKProjection.ofWeights(W, 0.6));
    }

    @Test
    void edgeFractionsKeepNothingOrEverything() {
        assertArrayEquals(new float[5], TopKProjection.ofWeights(W, 0));
        assertArrayEquals(W, TopKProjection.ofWeights(W, 1));
    }

    @Test
    void tiesKeepExactlyKTowardTheLowerIndex() {
        assertArrayEquals(new float[] {1f, -1f, 0f, 0f}, TopKProjection.ofWeights(new float[] {1f, -1f, 1f, 1f}, 0.5));
    }

    @Test
    void keepsTheGroupsOfLargestNorm() {
        // input slices of a [2, 3, 1, 1] conv: norms 5, 0.5, 1
        float[] w = {3f, 0.3f, 0.6f, 4f, 0.4f, 0.8f};
        ChannelLayout inputs = ChannelLayout.convInputChannels(new int[] {2, 3, 1, 1});
        assertArrayEquals(new float[] {3f, 0f, 0.6f, 4f, 0f, 0.8f}, TopKProjection.ofGroups(w, inputs, 0.6));
        assertArrayEquals(new float[] {3f, 0f, 0f, 4f, 0f, 0f}, TopKProjection.ofGroups(w, inputs, 0.4));
    }

    @Test
    void rejectsFractionsOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> TopKProjection.ofWeights(W, 1.2));
        assertThrows(IllegalArgumentException.class, () -> TopKProjection.ofWeights(W, Double.NaN));
    }
}
