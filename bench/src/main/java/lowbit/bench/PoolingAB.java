package lowbit.bench;

import java.util.Arrays;
import java.util.Locale;

import lowbit.engine.dl4j.layers.NativePooling;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward + backward time of LeNet's max pooling (2x2/2 on [64, 20, 24, 24] and [64, 50, 8, 8]) as
 * {@link NativePooling} and as DL4J's SubsamplingLayer, alternating call by call in one JVM so that the machine's
 * load hits both alike. Usage: {@code PoolingAB [rounds]}; prints the median microseconds per forward + backward.
 */
public final class PoolingAB {

    private PoolingAB() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (long[] shape : new long[][] {{64, 20, 24, 24}, {64, 50, 8, 8}}) {
            Layer ours = layer(new NativePooling(builder()), shape);
            Layer stock = layer(builder().build(), shape);
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.randn(DataType.FLOAT, shape);
            INDArray eps = Nd4j.randn(DataType.FLOAT, shape[0], shape[1], shape[2] / 2, shape[3] / 2);
            long[] oursNanos = new long[rounds];
            long[] stockNanos = new long[rounds];
            for (int r = -20; r < rounds; r++) { // 20 untimed warm-up rounds
                long a = forwardBackward(ours, x, eps);
                long b = forwardBackward(stock, x, eps);
                if (r >= 0) {
                    oursNanos[r] = a;
                    stockNanos[r] = b;
                }
            }
            double o = median(oursNanos) / 1e3;
            double s = median(stockNanos) / 1e3;
            System.out.printf(Locale.ROOT, "POOLING_AB input=%s rounds=%d native_us=%.1f stock_us=%.1f native/stock=%.3f%n",
                    Arrays.toString(shape), rounds, o, s, o / s);
        }
    }

    private static SubsamplingLayer.Builder builder() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate);
    }

    private static Layer layer(org.deeplearning4j.nn.conf.layers.Layer pooling, long[] shape) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(shape[2], shape[3], shape[1]))
                .addLayer("pool", pooling, "in")
                .addLayer("out", new OutputLayer.Builder().nOut(2).build(), "pool").setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph.getLayer("pool");
    }

    private static long forwardBackward(Layer layer, INDArray x, INDArray eps) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        long t = System.nanoTime();
        layer.setInput(x, mgr);
        layer.activate(true, mgr);
        layer.backpropGradient(eps, mgr);
        return System.nanoTime() - t;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
