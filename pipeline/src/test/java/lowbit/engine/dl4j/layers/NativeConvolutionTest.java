package lowbit.engine.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@Tag("unit")
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

    /** runSplit (deconv2d + a weight-gradient conv2d) gives conv2d_bp's gradients, in double and float. */
    @Test
    void splitBackwardEqualsConv2dBp() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (int[] k : new int[][] {{3, 1}, {1, 0}, {5, 0}}) {
                for (boolean bias : new boolean[] {true, false}) {
                    Nd4j.getRandom().setSeed(11);
                    INDArray x = Nd4j.randn(type, 2, 3, 16, 16);
                    INDArray w = Nd4j.randn(type, 4, 3, k[0], k[0]);
                    INDArray b = bias ? Nd4j.randn(type, 4) : null;
                    INDArray delta = Nd4j.randn(type, 2, 4, 16 + 2 * k[1] - k[0] + 1, 16 + 2 * k[1] - k[0] + 1);
                    Map<String, INDArray> fused = gradientViews(type, k[0]);
                    Map<String, INDArray> split = gradientViews(type, k[0]);
                    int[] args = NativeOps.convArgs(new int[] {k[0], k[0]}, new int[] {1, 1}, new int[] {k[1], k[1]},
                            new int[] {1, 1}, ConvolutionMode.Truncate, NativeOps.WEIGHTS_OIHW);
                    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
                    INDArray expected = ConvolutionBackprop.run("conv2d_bp", x, w, b, delta, fused, args, mgr).getSecond();
                    INDArray actual = ConvolutionBackprop.runSplit(x, w, b, delta, new int[] {k[1], k[1]}, split, mgr).getSecond();
                    NativeLayerHarness.assertClose(expected, actual, tolerance, "input gradient");
                    NativeLayerHarness.assertClose(fused.get("W"), split.get("W"), tolerance, "weight gradient");
                    if (bias) NativeLayerHarness.assertClose(fused.get("b"), split.get("b"), tolerance, "bias gradient");
                }
            }
        }
        assertTrue(ConvolutionBackprop.splitIsFaster(3, new int[] {3, 3}, 16, 16));
        assertFalse(ConvolutionBackprop.splitIsFaster(32, new int[] {3, 3}, 16, 16));
    }

    private static Map<String, INDArray> gradientViews(DataType type, int kernel) {
        return Map.of("W", Nd4j.create(type, 4, 3, kernel, kernel), "b", Nd4j.create(type, 4));
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
