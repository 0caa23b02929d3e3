package lowbit.qgt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SineGridPenaltyTest {

    @Test
    void handComputedValueAndGradientAtTwoBits() {
        float[] w = {0.9f, -0.3f, 0.45f, 0f};
        ChannelLayout l = ChannelLayout.whole(4);
        SineGridPenalty p = new SineGridPenalty(2);
        // s = 0.9: sin^2(pi), sin^2(-pi/3), sin^2(pi/2), sin^2(0)
        assertEquals(0.75 + 1.0, p.value(w, l), 1e-6);
        assertArrayEquals(new float[] {0f, (float) (Math.PI / 0.9 * Math.sin(-2 * Math.PI / 3)), 0f, 0f},
                p.gradient(w, l), 1e-5f);
    }

    @Test
    void gradientMatchesFiniteDifferencesWhileTheScaleIsFixed() {
        PenaltyGradientCheck.assertGradientMatches(
                new SineGridPenalty(4), new float[] {2f, -0.7f, 0.2f, 0.33f, -1.1f}, 2e-3);
    }

    @Test
    void rejectsTheBinaryGrid() {
        assertThrows(IllegalArgumentException.class, () -> new SineGridPenalty(1));
        assertThrows(IllegalArgumentException.class, () -> QgtPenaltyKind.SINE.create(1));
    }
}
