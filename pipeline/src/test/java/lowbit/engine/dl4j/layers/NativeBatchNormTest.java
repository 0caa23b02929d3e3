package lowbit.engine.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

@Tag("unit")
class NativeBatchNormTest {

    private static final double EPS = 1e-5;
    private static final double DECAY = 0.9;

    private final NativeLayerHarness harness = new NativeLayerHarness(3, 5, 4);

    private static BatchNormalization stock() {
        return new BatchNormalization.Builder().eps(EPS).decay(DECAY).useLogStd(false).activation(Activation.IDENTITY).build();
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        harness.assertGradientsMatchFiniteDifferences(new NativeBatchNorm(EPS, DECAY), "mean", "var");
    }

    /** The gradient vector includes DL4J's running mean/variance step, so this also checks the moving averages. */
    @Test
    void matchesStockLayerInDoubleAndFloat() {
        harness.assertSameAsStock(stock(), new NativeBatchNorm(EPS, DECAY), DataType.DOUBLE, 1e-10);
        harness.assertSameAsStock(stock(), new NativeBatchNorm(EPS, DECAY), DataType.FLOAT, 1e-4);
    }

    /** The last MobileNet stages on small inputs have 2x2 and 1x1 feature maps. */
    @Test
    void matchesStockLayerOnTinyFeatureMaps() {
        for (int size : new int[] {1, 2}) {
            NativeLayerHarness tiny = new NativeLayerHarness(6, size, 5);
            tiny.assertSameAsStock(stock(), new NativeBatchNorm(EPS, DECAY), DataType.DOUBLE, 1e-10);
            tiny.assertGradientsMatchFiniteDifferences(new NativeBatchNorm(EPS, DECAY), "mean", "var");
        }
    }

    @Test
    void inferenceUsesTheRunningStatistics() {
        ComputationGraph stock = harness.graph(stock(), DataType.DOUBLE);
        ComputationGraph ours = harness.graph(new NativeBatchNorm(EPS, DECAY), DataType.DOUBLE);
        INDArray state = stock.getLayer("tested").params().dup();
        state.get(NDArrayIndex.point(0), NDArrayIndex.interval(6, 12)).assign(Nd4j.linspace(0.5, 2, 6, DataType.DOUBLE).reshape(1, 6));
        stock.getLayer("tested").setParams(state);
        ours.getLayer("tested").setParams(state.dup());
        INDArray x = harness.input(DataType.DOUBLE);
        NativeLayerHarness.assertClose(stock.output(false, x)[0], ours.output(false, x)[0], 1e-12, "inference output");
    }

    @Test
    void configurationSerializesLikeTheStockOne() {
        ComputationGraphConfiguration stockConf = harness.graph(stock(), DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration conf = harness.graph(new NativeBatchNorm(EPS, DECAY), DataType.FLOAT).getConfiguration();
        assertEquals(stockConf.toJson().replace(BatchNormalization.class.getName(), NativeBatchNorm.class.getName()), conf.toJson());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(NativeBatchNorm.class, ((LayerVertex) back.getVertices().get("tested")).getLayerConf().getLayer());
    }

    @Test
    void rejectsAnActivationItWouldNotApply() {
        NativeBatchNorm bn = new NativeBatchNorm(EPS, DECAY);
        bn.setActivationFn(Activation.TANH.getActivationFunction());
        assertThrows(IllegalArgumentException.class, () -> harness.graph(bn, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new NativeBatchNorm(EPS, DECAY, new ActivationReLU(6.0, null, null)));
    }

    /** gamma 4 puts a good share of the normalized outputs above 6, so ReLU6 clips on both sides. */
    private static NativeBatchNorm fused(IActivation activation) {
        NativeBatchNorm bn = new NativeBatchNorm(EPS, DECAY, activation);
        bn.setGamma(4.0);
        return bn;
    }

    private static Layer[] nativeThenActivationLayer(IActivation activation) {
        NativeBatchNorm bn = new NativeBatchNorm(EPS, DECAY);
        bn.setGamma(4.0);
        return new Layer[] {bn, new ActivationLayer(activation)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "relu6"})
    void fusedActivationGradientsMatchFiniteDifferences(String name) {
        harness.assertGradientsMatchFiniteDifferences(fused(activation(name)), "mean", "var");
    }

    /** Outputs in both modes and every gradient, the running-statistics steps included, as batch norm + activation layer. */
    @ParameterizedTest
    @ValueSource(strings = {"relu", "relu6", "binary"})
    void fusedActivationMatchesBatchNormThenActivationLayer(String name) {
        harness.assertSameAs(nativeThenActivationLayer(activation(name)), fused(activation(name)), DataType.DOUBLE, 1e-10);
        harness.assertSameAs(nativeThenActivationLayer(activation(name)), fused(activation(name)), DataType.FLOAT, 1e-5);
        NativeLayerHarness tiny = new NativeLayerHarness(6, 1, 5);
        tiny.assertSameAs(nativeThenActivationLayer(activation(name)), fused(activation(name)), DataType.FLOAT, 1e-5);
    }

    @Test
    void fusedActivationActuallyClips() {
        INDArray out = harness.graph(fused(activation("relu6")), DataType.FLOAT).feedForward(harness.input(DataType.FLOAT), true)
                .get("tested");
        assertEquals(0.0, out.minNumber().doubleValue());
        assertEquals(6.0, out.maxNumber().doubleValue());
    }

    @Test
    void fusedConfigurationRoundTripsThroughJson() {
        ComputationGraphConfiguration conf = harness.graph(fused(activation("relu6")), DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        NativeBatchNorm bn = (NativeBatchNorm) ((LayerVertex) back.getVertices().get("tested")).getLayerConf().getLayer();
        assertInstanceOf(ActivationReLU6.class, bn.getActivationFn());
    }

    private static IActivation activation(String name) {
        return switch (name) {
            case "relu" -> new ActivationReLU();
            case "relu6" -> new ActivationReLU6();
            case "binary" -> new BinaryStepActivation();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
