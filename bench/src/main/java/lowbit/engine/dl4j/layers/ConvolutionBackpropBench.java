package lowbit.engine.dl4j.layers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How {@link ConvolutionBackprop#splitIsFaster}'s rule was measured: {@code conv2d_bp} against
 * {@link ConvolutionBackprop#runSplit} on the zoo's stride-1 convolution shapes, alternating call by call in one JVM.
 * Usage: {@code ConvolutionBackpropBench [rounds]}; prints the median milliseconds of each and their ratio.
 * In the bench module, but in this package: it calls {@link ConvolutionBackprop}'s package-private methods.
 */
public final class ConvolutionBackpropBench {

    /** batch, in-channels, map size, out-channels, kernel, padding. */
    private static final int[][] SHAPES = {
        {64, 1, 28, 20, 5, 0}, {64, 20, 12, 50, 5, 0}, // LeNet
        {128, 3, 32, 16, 3, 1}, {128, 16, 32, 16, 3, 1}, {128, 32, 16, 32, 3, 1}, {128, 64, 8, 64, 3, 1}, // ResNet-20
        {32, 8, 48, 16, 1, 0}, {32, 16, 24, 32, 1, 0}, {32, 32, 24, 32, 1, 0}, {32, 64, 12, 64, 1, 0},
        {32, 128, 6, 128, 1, 0}, {32, 256, 3, 256, 1, 0}, // MobileNet-0.25 on 96x96 pointwise
    };

    private ConvolutionBackpropBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        for (int[] s : SHAPES) {
            int k = s[4];
            int p = s[5];
            int out = s[2] + 2 * p - k + 1;
            INDArray x = Nd4j.rand(DataType.FLOAT, s[0], s[1], s[2], s[2]);
            INDArray w = Nd4j.rand(DataType.FLOAT, s[3], s[1], k, k);
            INDArray b = Nd4j.rand(DataType.FLOAT, s[3]);
            INDArray delta = Nd4j.rand(DataType.FLOAT, s[0], s[3], out, out);
            Map<String, INDArray> views = Map.of(ConvolutionBackprop.WEIGHT_KEY, Nd4j.create(DataType.FLOAT, s[3], s[1], k, k),
                    ConvolutionBackprop.BIAS_KEY, Nd4j.create(DataType.FLOAT, s[3]));
            int[] convArgs = NativeOps.convArgs(new int[] {k, k}, new int[] {1, 1}, new int[] {p, p}, new int[] {1, 1},
                    ConvolutionMode.Truncate, NativeOps.WEIGHTS_OIHW);
            long[] fused = new long[rounds];
            long[] split = new long[rounds];
            for (int r = -3; r < rounds; r++) { // 3 untimed warm-up rounds
                long t0 = System.nanoTime();
                ConvolutionBackprop.run("conv2d_bp", x, w, b, delta, views, convArgs, mgr);
                long t1 = System.nanoTime();
                ConvolutionBackprop.runSplit(x, w, b, delta, new int[] {p, p}, views, mgr);
                long t2 = System.nanoTime();
                if (r >= 0) {
                    fused[r] = t1 - t0;
                    split[r] = t2 - t1;
                }
            }
            double f = median(fused) / 1e6;
            double sp = median(split) / 1e6;
            System.out.printf(Locale.ROOT, "CONV_BP shape=%s conv2d_bp_ms=%.2f split_ms=%.2f split/conv2d_bp=%.2f rule=%s%n",
                    Arrays.toString(s), f, sp, sp / f, ConvolutionBackprop.splitIsFaster(s[1], new int[] {k, k}, out, out));
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
