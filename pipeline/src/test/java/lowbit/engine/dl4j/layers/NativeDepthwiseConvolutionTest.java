package lowbit.engine.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

@Tag("unit")
class NativeDepthwiseConvolutionTest {

    private final NativeLayerHarness harness = new NativeLayerHarness(3, 7, 4);

    private static DepthwiseConvolution2D.Builder builder(int stride, int padding, int multiplier, boolean bias, Activation act) {
        return new DepthwiseConvolution2D.Builder(3, 3).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).depthMultiplier(multiplier).nOut(3L * multiplier)
                .hasBias(bias).activation(act).weightInit(WeightInit.RELU);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        harness.assertGradientsMatchFiniteDifferences(new NativeDepthwiseConvolution(builder(1, 1, 1, false, Activation.IDENTITY)));
        harness.assertGradientsMatchFiniteDifferences(new NativeDepthwiseConvolution(builder(2, 1, 2, true, Activation.IDENTITY)));
        harness.assertGradientsMatchFiniteDifferences(new NativeDepthwiseConvolution(builder(1, 0, 1, true, Activation.TANH)));
    }

    @Test
    void matchesStockLayerInDoubleAndFloat() {
        for (int[] k : new int[][] {{1, 1, 1}, {2, 1, 1}, {1, 0, 2}}) {
            for (boolean bias : new boolean[] {true, false}) {
                harness.assertSameAsStock(builder(k[0], k[1], k[2], bias, Activation.IDENTITY).build(),
                        new NativeDepthwiseConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)), DataType.DOUBLE, 1e-12);
                harness.assertSameAsStock(builder(k[0], k[1], k[2], bias, Activation.IDENTITY).build(),
                        new NativeDepthwiseConvolution(builder(k[0], k[1], k[2], bias, Activation.IDENTITY)), DataType.FLOAT, 1e-5);
            }
        }
        harness.assertSameAsStock(builder(1, 1, 1, true, Activation.RELU6).build(),
                new NativeDepthwiseConvolution(builder(1, 1, 1, true, Activation.RELU6)), DataType.FLOAT, 1e-5);
    }

    @Test
    void configurationRoundTripsThroughJson() {
        ComputationGraphConfiguration conf = harness.graph(
                new NativeDepthwiseConvolution(builder(2, 1, 1, false, Activation.IDENTITY)), DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(NativeDepthwiseConvolution.class, ((LayerVertex) back.getVertices().get("tested")).getLayerConf().getLayer());
    }
}
