package lowbit.train.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import lowbit.model.graph.LayerSettings;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.quant.ScaleRule;
import lowbit.sparse.ThresholdKind;
import lowbit.admm.AdmmRegularizer;
import lowbit.qgt.QgtRegularizer;
import lowbit.method.Regularizer;
import lowbit.rvsm.RvsmRegularizer;
import lowbit.method.WeightLayers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's training (parameter averaging) applies a method through the method's own code: same pull, same penalty. */
@Tag("unit")
class RegularizerInDl4jTest {
    private static final ParamView STEM = new ParamView("conv1/W", ParamKind.CONV_WEIGHT, 0, new int[] {2, 4, 2, 2}, 0);
    private static final ParamView CONV = new ParamView("conv2/W", ParamKind.CONV_WEIGHT, 32, new int[] {3, 4, 2, 2}, 0);
    private static final ParamView FC = new ParamView("fc/W", ParamKind.DENSE_WEIGHT, 80, new int[] {2, 12}, 0);
    private static final List<ParamView> VIEWS = List.of(STEM, CONV, FC);

    private static float[] weights() {
        float[] w = new float[104];
        for (int i = 0; i < w.length; i++) {
            // in both conv weights (offsets 0 and 32, 16 values per output channel) input slice 1 is small: it is cut
            w[i] = (float) Math.sin(1.7 * i) * (i < 80 && (i % 16) / 4 == 1 ? 0.05f : 1f);
        }
        return w;
    }

    private static QgtRegularizer qgt() {
        return new QgtRegularizer(LambdaSchedule.linear(0, 1, 4, 2), new LayerSettings<>(2, java.util.Map.of("fc", 4)),
                LayerSettings.uniform(1.5), true, QgtPenaltyKind.GRID_DISTANCE, ScaleRule.MSE);
    }

    private static RvsmRegularizer rgsmOn(List<String> layers) {
        return new RvsmRegularizer(ThresholdKind.GROUP_L0, 0.5, 1, 1, 0.3,
                new WeightLayers("rvsm", "threshold", layers, WeightLayers.Groups.INPUT));
    }

    /** What the driver's trainer adds over the whole buffer must be what DL4J adds view by view. */
    private static void assertSameAsTheTrainer(Regularizer method, double epoch, int iteration, int dl4jEpoch, int steps) {
        method.bind(VIEWS);
        float[] w = weights();
        float[] expected = new float[w.length];
        double expectedValue = method.addGradient(w, expected, VIEWS, epoch);
        float[] actual = new float[w.length];
        double value = 0;
        for (ParamView v : method.targets(VIEWS)) {
            RegularizerInDl4j dl4j = new RegularizerInDl4j(method, v, steps);
            INDArray param = Nd4j.create(v.read(w), new long[] {1, v.length()}, 'c');
            INDArray grad = Nd4j.zeros(param.dataType(), 1, v.length());
            dl4j.apply(param, grad, 0.1, iteration, dl4jEpoch);
            v.write(actual, Dl4jWeights.toFloats(grad));
            value += dl4j.score(param, iteration, dl4jEpoch);
        }
        assertArrayEquals(expected, actual, 1e-6f);
        assertEquals(expectedValue, value, 1e-9 * Math.max(1, Math.abs(expectedValue)));
    }

    @Test
    void qgtWithPerLayerBitsAndMseScalesAddsTheTrainersGradientAtTheFractionalEpoch() {
        assertSameAsTheTrainer(qgt(), 1.25, 25, 1, 20); // iteration 25 of 20 per epoch: a quarter into epoch 1
    }

    @Test
    void rgsmAddsTheTrainersPullAndGroupLassoOnTheLayersItSelects() {
        assertSameAsTheTrainer(rgsmOn(List.of()), 0, 0, 0, 10); // the default: conv weights with several groups
        assertSameAsTheTrainer(rgsmOn(List.of("conv2")), 0, 0, 0, 10);
        RvsmRegularizer onConv2 = rgsmOn(List.of("conv2"));
        onConv2.bind(VIEWS);
        assertEquals(List.of(CONV), onConv2.targets(VIEWS));
    }

    @Test
    void epochEndThresholdIsTheTrainers() {
        RvsmRegularizer rgsm = rgsmOn(List.of());
        rgsm.bind(VIEWS);
        float[] expected = weights();
        rgsm.onEpochEnd(expected, VIEWS);
        float[] actual = weights();
        for (ParamView v : rgsm.targets(VIEWS)) {
            INDArray param = Nd4j.create(v.read(actual), new long[] {1, v.length()}, 'c');
            new RegularizerInDl4j(rgsm, v, 10).onEpochEnd(param);
            v.write(actual, Dl4jWeights.toFloats(param));
        }
        assertArrayEquals(expected, actual, 0f);
        assertFalse(java.util.Arrays.equals(weights(), actual), "the threshold cut weights");
    }

    @Test
    void survivesDl4jsConfigurationJsonAndModelSerializer() throws Exception {
        QgtRegularizer method = qgt();
        method.bind(VIEWS);
        RegularizerInDl4j r = new RegularizerInDl4j(method, CONV, 60);
        RegularizationRoundTrip.assertJsonRoundTrip(r);
        RegularizationRoundTrip.assertModelSerializerRoundTrip(r);
        assertEquals(r, r.clone());
        assertNotEquals(r, new RegularizerInDl4j(method, CONV, 30));
        assertNotEquals(r, new RegularizerInDl4j(method, STEM, 60));
    }

    @Test
    void refusesAMethodWithStateAndAParameterOfAnotherSize() {
        AdmmRegularizer admm = new AdmmRegularizer(0.1, 0.5, 2, new WeightLayers("admm", "mode", List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new RegularizerInDl4j(admm, CONV, 10));
        RegularizerInDl4j onConv = new RegularizerInDl4j(qgt(), CONV, 10);
        INDArray wrong = Nd4j.zeros(1, 5);
        assertThrows(IllegalArgumentException.class, () -> onConv.apply(wrong, Nd4j.zeros(1, 5), 0.1, 0, 0));
    }
}
