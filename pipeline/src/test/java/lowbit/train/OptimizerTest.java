package lowbit.train;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Optimizer steps against values worked out by hand from PyTorch's update rules. */
@Tag("unit")
class OptimizerTest {

    @Test
    void sgdWithNesterovMomentumAndWeightDecay() {
        Sgd sgd = new Sgd(1, 0.9, true, 0.1);
        float[] w = {1f};
        sgd.step(w, new float[] {0.5f}, 0.1);
        // g = 0.5 + 0.1 = 0.6; v = 0.6; w = 1 - 0.1 (0.6 + 0.54) = 0.886
        assertEquals(0.886f, w[0], 1e-6f);
        sgd.step(w, new float[] {0.5f}, 0.1);
        // g = 0.5886; v = 0.54 + 0.5886 = 1.1286; w = 0.886 - 0.1 (0.5886 + 1.01574) = 0.7255660
        assertEquals(0.725566f, w[0], 1e-6f);
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        Adam adam = new Adam(2, 0.9, 0.999, 1e-8, 0);
        float[] w = {1f, -2f};
        adam.step(w, new float[] {3f, -0.01f}, 0.01);
        assertArrayEquals(new float[] {0.99f, -1.99f}, w, 1e-6f);
    }

    @Test
    void restoredStateContinuesExactly() {
        Adam a = new Adam(3, 0.9, 0.999, 1e-8, 1e-4);
        float[] w = {0.3f, -0.2f, 0.1f};
        a.step(w, new float[] {0.1f, 0.2f, -0.3f}, 0.01);
        Adam b = new Adam(3, 0.9, 0.999, 1e-8, 1e-4);
        b.restore(a.state());
        float[] wa = w.clone();
        float[] wb = w.clone();
        a.step(wa, new float[] {0.05f, 0.1f, 0.2f}, 0.01);
        b.step(wb, new float[] {0.05f, 0.1f, 0.2f}, 0.01);
        assertArrayEquals(wa, wb, 0f);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(3, 0.9, false, 0).restore(a.state()));
    }

    @Test
    void learningRateSchedules() {
        LrSchedule step = new LrSchedule(LrSchedule.Kind.STEP, 0.1, List.of(2, 4), 0.1, 6, 0);
        assertEquals(0.1, step.at(1.99), 1e-12);
        assertEquals(0.01, step.at(2), 1e-12);
        assertEquals(0.001, step.at(5), 1e-12);
        LrSchedule cosine = new LrSchedule(LrSchedule.Kind.COSINE, 0.1, List.of(), 0, 4, 0.001);
        assertEquals(0.1, cosine.at(0), 1e-12);
        assertEquals(0.0505, cosine.at(2), 1e-12);
        assertEquals(0.001, cosine.at(4), 1e-12);
    }
}
