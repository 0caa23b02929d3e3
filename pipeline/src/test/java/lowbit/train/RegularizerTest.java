package lowbit.train;

import lowbit.engine.ParamKind;
import lowbit.engine.ParamView;
import lowbit.qgt.GridDistancePenalty;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The driver-side methods on flat buffers: only weight views change, per-layer settings are checked. */
class RegularizerTest {
    // conv [2 out, 1 in, 1, 2] at 0, bias [2] at 4, dense [3 out, 2 in] at 6
    private static final List<ParamView> VIEWS = List.of(
            new ParamView("conv1/W", ParamKind.CONV_WEIGHT, 0, new int[] {2, 1, 1, 2}, 0),
            new ParamView("conv1/b", ParamKind.BIAS, 4, new int[] {2}, 0),
            new ParamView("fc/W", ParamKind.DENSE_WEIGHT, 6, new int[] {3, 2}, 0));
    private static final float[] PARAMS = {0.9f, -0.2f, 0.05f, 0.4f, 0.33f, -0.7f, 1f, 0.3f, -0.6f, 0.1f, 0.01f, -0.5f};

    @Test
    void qgtAddsLambdaAlphaTimesTheGridGradientPerLayer() {
        QgtRegularizer qgt = new QgtRegularizer(LambdaSchedule.linear(1, 0, 10, 1), new LayerSettings<>(2, Map.of("fc", 3)),
                new LayerSettings<>(1.0, Map.of("conv1", 0.5)), true, QgtPenaltyKind.GRID_DISTANCE);
        qgt.bind(VIEWS);
        float[] grad = new float[PARAMS.length];
        assertEquals(0, qgt.addGradient(PARAMS, grad, VIEWS, 0.5), "warm-up");
        assertArrayEquals(new float[PARAMS.length], grad);
        qgt.addGradient(PARAMS, grad, VIEWS, 1.5);
        double lambda = 5;
        float[] conv = new GridDistancePenalty(2).gradient(VIEWS.get(0).read(PARAMS), ChannelLayout.alongAxis(new int[] {2, 1, 1, 2}, 0));
        float[] fc = new GridDistancePenalty(3).gradient(VIEWS.get(2).read(PARAMS), ChannelLayout.alongAxis(new int[] {3, 2}, 0));
        for (int i = 0; i < 4; i++) {
            assertEquals(lambda * 0.5 * conv[i], grad[i], 1e-6);
        }
        assertEquals(0f, grad[4]);
        assertEquals(0f, grad[5]);
        for (int i = 0; i < 6; i++) {
            assertEquals(lambda * fc[i], grad[6 + i], 1e-6);
        }
        QgtRegularizer typo = new QgtRegularizer(LambdaSchedule.constant(1), new LayerSettings<>(2, Map.of("fc2", 3)),
                new LayerSettings<>(1.0, Map.of()), true, QgtPenaltyKind.GRID_DISTANCE);
        assertThrows(IllegalArgumentException.class, () -> typo.bind(VIEWS));
    }

    @Test
    void rvsmPullsTowardTheThresholdAndHardThresholdsAtEpochEnd() {
        RvsmRegularizer rvsm = new RvsmRegularizer(ThresholdKind.L0, 0.03, 1.0, 1, RvsmRegularizer.Groups.INPUT);
        float[] grad = new float[PARAMS.length];
        rvsm.addGradient(PARAMS, grad, VIEWS, 0);
        // threshold sqrt(2 * 0.03 / 1) = 0.245: |w| <= 0.245 is pulled to 0 with gradient beta * w
        assertEquals(-0.2f, grad[1], 1e-7f);
        assertEquals(0.05f, grad[2], 1e-7f);
        assertEquals(0f, grad[0]);
        assertEquals(0f, grad[5], "bias untouched");
        float[] w = PARAMS.clone();
        rvsm.onEpochEnd(w, VIEWS);
        assertArrayEquals(new float[] {0.9f, 0f, 0f, 0.4f, 0.33f, -0.7f, 1f, 0.3f, -0.6f, 0f, 0f, -0.5f}, w);
        RvsmRegularizer group = new RvsmRegularizer(ThresholdKind.GROUP_L0, 0.02, 1.0, 1, RvsmRegularizer.Groups.INPUT);
        assertThrows(IllegalArgumentException.class, () -> group.bind(VIEWS), "group thresholds on a dense layer");
    }

    @Test
    void fakeQuantizationChangesOnlyWeights() {
        float[] q = new FakeQuantization(new LayerSettings<>(2, Map.of()), false).apply(PARAMS, VIEWS);
        // 2 bits per tensor: {-max, 0, +max}, rounding half to even (-0.5 -> 0)
        assertArrayEquals(new float[] {0.9f, 0f, 0f, 0f, 0.33f, -0.7f, 1f, 0f, -1f, 0f, 0f, 0f}, q);
    }
}
