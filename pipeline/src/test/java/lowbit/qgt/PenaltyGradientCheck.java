package lowbit.qgt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import lowbit.tensor.ChannelLayout;

/** Central finite differences of a {@link WeightPenalty} against its analytic gradient. */
final class PenaltyGradientCheck {
    private static final double H = 1e-3;

    private PenaltyGradientCheck() {
    }

    /** Checks every index except 0, which must hold the largest |w| so that the scale stays fixed. */
    static void assertGradientMatches(WeightPenalty p, float[] w, double tolerance) {
        ChannelLayout l = ChannelLayout.whole(w.length);
        float[] g = p.gradient(w, l);
        for (int i = 1; i < w.length; i++) {
            float[] up = w.clone();
            float[] down = w.clone();
            up[i] += (float) H;
            down[i] -= (float) H;
            assertEquals((p.value(up, l) - p.value(down, l)) / (2 * H), g[i], tolerance, "index " + i);
        }
    }
}
