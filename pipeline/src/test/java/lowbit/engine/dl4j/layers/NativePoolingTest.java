package lowbit.engine.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@Tag("unit")
class NativePoolingTest {

    private final NativeLayerHarness harness = new NativeLayerHarness(3, 7, 4);

    /** kernel, stride, padding of the windows the zoo uses (2x2/2, the 1x1/2 subsample) and overlapping, padded ones. */
    private static final int[][] WINDOWS = {{2, 2, 0}, {1, 2, 0}, {3, 2, 1}, {3, 1, 1}};

    private static SubsamplingLayer.Builder builder(PoolingType type, int[] window, boolean includePad) {
        return new SubsamplingLayer.Builder(type).kernelSize(window[0], window[0]).stride(window[1], window[1])
                .padding(window[2], window[2]).convolutionMode(ConvolutionMode.Truncate).avgPoolIncludePadInDivisor(includePad);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (PoolingType type : new PoolingType[] {PoolingType.MAX, PoolingType.AVG}) {
            for (int[] w : WINDOWS) harness.assertGradientsMatchFiniteDifferences(new NativePooling(builder(type, w, true)));
        }
        harness.assertGradientsMatchFiniteDifferences(new NativePooling(builder(PoolingType.AVG, WINDOWS[3], false)));
    }

    @Test
    void matchesStockLayerInDoubleAndFloat() {
        for (PoolingType type : new PoolingType[] {PoolingType.MAX, PoolingType.AVG}) {
            for (int[] w : WINDOWS) {
                for (boolean includePad : new boolean[] {true, false}) {
                    harness.assertSameAsStock(builder(type, w, includePad).build(), new NativePooling(builder(type, w, includePad)),
                            DataType.DOUBLE, 1e-12);
                    harness.assertSameAsStock(builder(type, w, includePad).build(), new NativePooling(builder(type, w, includePad)),
                            DataType.FLOAT, 1e-6);
                }
            }
        }
    }

    /** On ones, a padded 3x3 corner window holds 4 cells: 4/9 when padding counts in the divisor (PyTorch's default), else 1. */
    @Test
    void averageDivisorFollowsTheIncludePadFlag() {
        for (boolean includePad : new boolean[] {true, false}) {
            ComputationGraph g = harness.graph(new NativePooling(builder(PoolingType.AVG, WINDOWS[3], includePad)), DataType.DOUBLE);
            INDArray pooled = g.getLayer("tested").activate(Nd4j.ones(DataType.DOUBLE, 4, 3, 7, 7), false, LayerWorkspaceMgr.noWorkspaces());
            assertEquals(includePad ? 4.0 / 9 : 1.0, pooled.getDouble(0, 0, 0, 0), 1e-12);
            assertEquals(1.0, pooled.getDouble(0, 0, 3, 3), 1e-12);
        }
    }

    @Test
    void rejectsPnormPooling() {
        NativePooling pnorm = new NativePooling(new SubsamplingLayer.Builder(PoolingType.PNORM).kernelSize(2, 2).stride(2, 2).pnorm(2));
        assertThrows(IllegalArgumentException.class, () -> harness.graph(pnorm, DataType.FLOAT));
    }

    @Test
    void configurationRoundTripsThroughJson() {
        ComputationGraphConfiguration conf = harness.graph(new NativePooling(builder(PoolingType.AVG, WINDOWS[2], false)),
                DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(NativePooling.class, ((LayerVertex) back.getVertices().get("tested")).getLayerConf().getLayer());
    }
}
