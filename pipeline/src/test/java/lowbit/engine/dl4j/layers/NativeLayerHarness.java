package lowbit.engine.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Puts one layer in a graph {@code input -> layer -> tanh -> softmax classifier} and checks a native layer:
 * finite-difference gradients in double, and outputs and gradients equal to DL4J's stock layer in double and float.
 */
final class NativeLayerHarness {

    static final int CLASSES = 3;

    private final int channels;
    private final int size;
    private final int batch;

    NativeLayerHarness(int channels, int size, int batch) {
        this.channels = channels;
        this.size = size;
        this.batch = batch;
    }

    ComputationGraph graph(Layer layer, DataType dataType) {
        return graph(new Layer[] {layer}, dataType);
    }

    /** The graph with {@code tested} as a chain of layers named tested, tested2, ... (parameters only in the first). */
    ComputationGraph graph(Layer[] tested, DataType dataType) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(42).dataType(dataType)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(size, size, channels));
        String last = "in";
        for (int i = 0; i < tested.length; i++) {
            String name = i == 0 ? "tested" : "tested" + (i + 1);
            b.addLayer(name, tested[i], last);
            last = name;
        }
        ComputationGraphConfiguration conf = b.addLayer("tanh", new ActivationLayer(Activation.TANH), last)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "tanh")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** Centred away from 0 so that batch norm's mean matters. */
    INDArray input(DataType dataType) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.randn(DataType.DOUBLE, batch, channels, size, size).muli(1.5).addi(0.7).castTo(dataType);
    }

    INDArray labels(DataType dataType) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, batch, CLASSES);
        for (int i = 0; i < batch; i++) y.putScalar(i, (i * 7 + 1) % CLASSES, 1.0);
        return y.castTo(dataType);
    }

    /**
     * DL4J's finite-difference check of every parameter of the tested layer except {@code notDifferentiable}
     * (e.g. batch norm's running statistics, whose "gradient" is a moving-average step), in double precision.
     */
    void assertGradientsMatchFiniteDifferences(Layer nativeLayer, String... notDifferentiable) {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on it
        try {
            ComputationGraph g = graph(nativeLayer, DataType.DOUBLE);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {input(DataType.DOUBLE)}).labels(new INDArray[] {labels(DataType.DOUBLE)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .excludeParams(java.util.Arrays.stream(notDifferentiable).map(k -> "tested_" + k).collect(java.util.stream.Collectors.toSet()))
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "finite-difference gradient check failed");
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    /** Same initial parameters, outputs (train and test mode) and full gradient vector as the stock layer. */
    void assertSameAsStock(Layer stockLayer, Layer nativeLayer, DataType dataType, double tolerance) {
        assertSameAs(new Layer[] {stockLayer}, nativeLayer, dataType, tolerance);
    }

    /** As {@link #assertSameAsStock} against a chain of layers that together compute what the native layer does. */
    void assertSameAs(Layer[] reference, Layer nativeLayer, DataType dataType, double tolerance) {
        ComputationGraph stock = graph(reference, dataType);
        ComputationGraph ours = graph(nativeLayer, dataType);
        assertEquals(stock.params(), ours.params(), "initial parameters differ");
        INDArray x = input(dataType);
        assertClose(stock.output(false, x)[0], ours.output(false, x)[0], tolerance, "inference output");
        assertClose(stock.output(true, x)[0], ours.output(true, x)[0], tolerance, "training output");
        INDArray y = labels(dataType);
        assertClose(gradient(stock, x, y), gradient(ours, x, y), tolerance, "gradient");
    }

    private static INDArray gradient(ComputationGraph g, INDArray x, INDArray y) {
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        return g.getGradientsViewArray().dup();
    }

    /** Largest absolute difference relative to the largest magnitude of the expected values. */
    static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": max |diff| " + diff + " > " + tolerance + " x " + scale);
    }
}
