package lowbit.train;

import lowbit.rvsm.RvsmRegularizer;
import lowbit.qat.FakeQuantization;
import lowbit.qgt.QgtRegularizer;
import lowbit.method.WeightLayers;
import lowbit.model.graph.LayerSettings;
import lowbit.config.ConfigError;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.qgt.GridDistancePenalty;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver-side methods on flat buffers: only weight views change, per-layer settings are checked. */
@Tag("unit")
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
        RvsmRegularizer rvsm = new RvsmRegularizer(ThresholdKind.L0, 0.03, 1.0, 1, 1e-5, layers(List.of(), null));
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
    }

    // conv1 [2 out, 1 in, 1, 2] at 0 (one input group), conv2 [1 out, 3 in, 1, 2] at 4, fc [2 out, 3 in] at 10
    private static final List<ParamView> CONV_VIEWS = List.of(
            new ParamView("conv1/W", ParamKind.CONV_WEIGHT, 0, new int[] {2, 1, 1, 2}, 0),
            new ParamView("conv2/W", ParamKind.CONV_WEIGHT, 4, new int[] {1, 3, 1, 2}, 0),
            new ParamView("fc/W", ParamKind.DENSE_WEIGHT, 10, new int[] {3, 2}, 1));
    // conv2's input groups: {0.3, 0.4} (norm 0.5), {0.06, -0.08} (norm 0.1), {0, 0}
    private static final float[] CONV_PARAMS = {0.5f, -0.1f, 0.2f, 0.05f, 0.3f, 0.4f, 0.06f, -0.08f, 0f, 0f,
            0.01f, -0.02f, 0.3f, 0.2f, -0.1f, 0.05f};

    private static WeightLayers layers(List<String> names, WeightLayers.Groups groups) {
        return new WeightLayers("lowbit.train.rvsm", "threshold", names, groups);
    }

    @Test
    void rgsmThresholdsGroupsOfConvLayersWithMoreThanOneGroupAndAddsTheGroupLasso() {
        double lambda2 = 0.01;
        // group threshold sqrt(2 * 0.02 / 1) = 0.2: conv2's second group is pulled to 0
        RvsmRegularizer rgsm = new RvsmRegularizer(ThresholdKind.GROUP_L0, 0.02, 1.0, 1, lambda2,
                layers(List.of(), WeightLayers.Groups.INPUT));
        rgsm.bind(CONV_VIEWS);
        float[] grad = new float[CONV_PARAMS.length];
        double penalty = rgsm.addGradient(CONV_PARAMS, grad, CONV_VIEWS, 0);
        float[] expected = new float[CONV_PARAMS.length];
        expected[4] = (float) (lambda2 * 0.3 / 0.5);
        expected[5] = (float) (lambda2 * 0.4 / 0.5);
        expected[6] = (float) (0.06 + lambda2 * 0.06 / 0.1);
        expected[7] = (float) (-0.08 + lambda2 * -0.08 / 0.1);
        assertArrayEquals(expected, grad, 1e-6f, "conv1 (one group) and fc untouched; subgradient 0 on the zero group");
        // lambda P(u) + beta/2 ||u - w||^2 + lambda2 sum ||w_g||
        assertEquals(0.02 + 0.5 * 0.01 + lambda2 * 0.6, penalty, 1e-6);
        float[] w = CONV_PARAMS.clone();
        rgsm.onEpochEnd(w, CONV_VIEWS);
        float[] sparse = CONV_PARAMS.clone();
        sparse[6] = 0f;
        sparse[7] = 0f;
        assertArrayEquals(sparse, w, 0f);
    }

    @Test
    void namedLayersReplaceTheDefaultAndGroupModesRejectDenseLayers() {
        RvsmRegularizer conv1Only = new RvsmRegularizer(ThresholdKind.GROUP_L0, 0.1, 1.0, 1, 0,
                layers(List.of("conv1"), WeightLayers.Groups.OUTPUT));
        float[] w = CONV_PARAMS.clone();
        conv1Only.onEpochEnd(w, CONV_VIEWS);
        // conv1's output filters {0.5, -0.1} (norm 0.51) and {0.2, 0.05} (norm 0.21) against sqrt(0.2): only the second goes
        assertArrayEquals(new float[] {0.5f, -0.1f, 0f, 0f}, java.util.Arrays.copyOf(w, 4));
        assertArrayEquals(java.util.Arrays.copyOfRange(CONV_PARAMS, 4, 16), java.util.Arrays.copyOfRange(w, 4, 16));

        ConfigError dense = assertThrows(ConfigError.class, () -> new RvsmRegularizer(ThresholdKind.GROUP_L1, 0.02, 1.0, 1, 0,
                layers(List.of("conv2", "fc"), WeightLayers.Groups.INPUT)).bind(CONV_VIEWS));
        assertTrue(dense.getMessage().contains("lowbit.train.rvsm.layers names fc"), dense.getMessage());
        ConfigError unknown = assertThrows(ConfigError.class, () -> new RvsmRegularizer(ThresholdKind.L1, 0.02, 1.0, 1, 0,
                layers(List.of("conv3"), null)).bind(CONV_VIEWS));
        assertTrue(unknown.getMessage().contains("unknown layers [conv3]"), unknown.getMessage());
        ConfigError noConv = assertThrows(ConfigError.class, () -> new RvsmRegularizer(ThresholdKind.GROUP_L0, 0.02, 1.0, 1, 0,
                layers(List.of(), WeightLayers.Groups.INPUT)).bind(VIEWS));
        assertTrue(noConv.getMessage().startsWith("lowbit.train.rvsm.threshold"), noConv.getMessage());
    }

    @Test
    void fakeQuantizationChangesOnlyWeights() {
        float[] q = new FakeQuantization(new LayerSettings<>(2, Map.of()), false).apply(PARAMS, VIEWS);
        // 2 bits per tensor: {-max, 0, +max}, rounding half to even (-0.5 -> 0)
        assertArrayEquals(new float[] {0.9f, 0f, 0f, 0f, 0.33f, -0.7f, 1f, 0f, -1f, 0f, 0f, 0f}, q);
    }
}
