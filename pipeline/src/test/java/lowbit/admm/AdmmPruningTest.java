package lowbit.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AdmmPruningTest {

    @Test
    void handComputedSplitAndDualSteps() {
        float[] w = {0.1f, -0.5f, 0.3f, -0.2f, 0.4f};
        AdmmPruning admm = new AdmmPruning(w, 0.01, 0.4, null);
        assertArrayEquals(new float[] {0f, -0.5f, 0f, 0f, 0.4f}, admm.z());
        assertArrayEquals(new float[] {0.001f, 0f, 0.003f, -0.002f, 0f}, admm.penaltyGradient(w), 1e-9f);

        float[] next = {0.1f, -0.5f, 0.45f, -0.2f, 0.4f};
        admm.updateSplit(next);
        assertArrayEquals(new float[] {0f, -0.5f, 0.45f, 0f, 0f}, admm.z());
        assertArrayEquals(new float[] {0.1f, 0f, 0f, -0.2f, 0.4f}, admm.v(), 1e-7f);
        assertArrayEquals(new float[] {0.002f, 0f, 0f, -0.004f, 0.008f}, admm.penaltyGradient(next), 1e-9f);
    }

    @Test
    void groupModeProjectsWholeGroups() {
        float[] w = {3f, 0.3f, 0.6f, 4f, 0.4f, 0.8f};
        AdmmPruning admm = new AdmmPruning(w, 0.01, 0.4, ChannelLayout.convInputChannels(new int[] {2, 3, 1, 1}));
        assertArrayEquals(new float[] {3f, 0f, 0f, 4f, 0f, 0f}, admm.z());
    }

    @Test
    void rejectsBadRhoAndLengths() {
        assertThrows(IllegalArgumentException.class, () -> new AdmmPruning(new float[2], 0, 0.5, null));
        AdmmPruning admm = new AdmmPruning(new float[2], 1, 0.5, null);
        assertThrows(IllegalArgumentException.class, () -> admm.updateSplit(new float[3]));
    }
}
