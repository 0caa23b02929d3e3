package lowbit.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

class NativeConvolutionTest {

    private final NativeLayerHarness harness = new NativeLayerHarness(3, 7, 4);

    private static ConvolutionLayer.Builder builder(int kernel, int stride, int padding, boolean bias, Activation act) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).nOut(4).hasBias(bias).activation(act).weightInit(WeightInit.RELU);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        harness.assertGradientsMatchFiniteDifferences(new NativeConvolution(builder(3, 1, 1, true, Activation.IDENTITY)));
        harness.assertGradientsMatchFiniteDifferences(new NativeConvolution(builder(3, 2, 0, false, Activation.IDENTITY)));
        harness.assertGradientsMatchFiniteDifferences(new NativeConvolution(builder(1, 1, 0, false, Activation.TANH)));
    }

    @Test
    void matchesStockLayerInDoubleAndFloat() {
        for (int[] k : new int[][] {{3, 1, 1}, {3, 2, 1}, {5, 1, 0}, {1, 1, 0}}) {
            for (boolean bias : new boolean[] {true, false}) {
                harness.assertSameAsStock(builder(k[0], k[1], k[2], bias, Activation.IDENTITY).build(),
                        new NativeConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)), DataType.DOUBLE, 1e-12);
                harness.assertSameAsStock(builder(k[0], k[1], k[2], bias, Activation.IDENTITY).build(),
                        new NativeConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)), DataType.FLOAT, 1e-5);
            }
        }
        harness.assertSameAsStock(builder(3, 1, 1, true, Activation.RELU).build(),
                new NativeConvolution(builder(3, 1, 1, true, Activation.RELU)), DataType.FLOAT, 1e-5);
    }

    /** Outputs of at least 12x12 from few input channels take the split backward (deconv2d + a weight-gradient conv2d). */
    @Test
    void splitBackwardMatchesFiniteDifferencesAndStockLayer() {
        NativeLayerHarness largeMaps = new NativeLayerHarness(3, 16, 2);
        for (int[] k : new int[][] {{3, 1, 1}, {1, 1, 0}, {5, 1, 0}}) {
            assertTrue(ConvolutionBackprop.splitIsFaster(3, new int[] {k[0], k[0]}, 16 + 2 * k[2] - k[0] + 1, 16 + 2 * k[2] - k[0] + 1));
            for (boolean bias : new boolean[] {true, false}) {
                largeMaps.assertGradientsMatchFiniteDifferences(new NativeConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)));
                largeMaps.assertSameAsStock(builder(k[0], k[1], k[2], bias, Activation.IDENTITY).build(),
                        new NativeConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)), DataType.DOUBLE, 1e-12);
                largeMaps.assertSameAsStock(builder(k[0], k[1], k[2], bias, Activation.IDENTITY).build(),
                        new NativeConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)), DataType.FLOAT, 1e-5);
            }
        }
        largeMaps.assertGradientsMatchFiniteDifferences(new NativeConvolution(builder(3, 1, 1, true, Activation.TANH)));
    }

    @Test
    void configurationRoundTripsThroughJson() {
        ComputationGraphConfiguration conf = harness.graph(new NativeConvolution(builder(3, 2, 1, true, Activation.IDENTITY)),
                DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(NativeConvolution.class, ((LayerVertex) back.getVertices().get("tested")).getLayerConf().getLayer());
    }
}
