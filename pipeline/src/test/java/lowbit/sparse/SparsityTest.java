package lowbit.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SparsityTest {

    @Test
    void weightSparsityCountsZeros() {
        Sparsity s = Sparsity.ofWeights(new float[] {0f, 1f, 0f, -2f});
        assertEquals(new Sparsity(2, 4), s);
        assertEquals(0.5, s.ratio(), 0.0);
    }

    @Test
    void channelSparsityCountsAllZeroGroups() {
        float[] w = {3f, 0f, 0f, 4f, 0f, 0.1f};
        Sparsity s = Sparsity.ofGroups(w, ChannelLayout.convInputChannels(new int[] {2, 3, 1, 1}));
        assertEquals(new Sparsity(1, 3), s);
    }

    @Test
    void sumsOverTensors() {
        Sparsity s = Sparsity.ofWeights(new float[] {0f, 1f}).plus(Sparsity.ofWeights(new float[] {0f, 0f, 0f}));
        assertEquals(0.8, s.ratio(), 1e-12);
        assertTrue(Double.isNaN(Sparsity.ofWeights(new float[0]).ratio()));
        assertThrows(IllegalArgumentException.class, () -> new Sparsity(3, 2));
    }
}
