package lowbit.engine.dl4j.layers;

import java.util.Map;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The backward pass shared by the convolution kinds: one libnd4j {@code *_bp} op writing into the gradient views. */
final class ConvolutionBackprop {

    static final String WEIGHT_KEY = "W";
    static final String BIAS_KEY = "b";

    private ConvolutionBackprop() {
    }

    /**
     * @param bias null without bias
     * @param delta gradient with respect to the layer's pre-activation output
     * @return the parameter gradients and the gradient with respect to {@code input}
     */
    static Pair<Gradient, INDArray> run(String op, INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                        Map<String, INDArray> gradientViews, int[] args, LayerWorkspaceMgr workspaceMgr) {
        INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, weights.dataType(), input.shape(), 'c');
        INDArray weightGrad = gradientViews.get(WEIGHT_KEY);
        Gradient gradient = new DefaultGradient();
        if (bias != null) {
            INDArray biasGrad = gradientViews.get(BIAS_KEY);
            NativeOps.exec(op, new INDArray[] {input, weights, bias, delta}, new INDArray[] {inputGrad, weightGrad, biasGrad}, args);
            gradient.setGradientFor(BIAS_KEY, biasGrad);
        } else {
            NativeOps.exec(op, new INDArray[] {input, weights, delta}, new INDArray[] {inputGrad, weightGrad}, args);
        }
        gradient.setGradientFor(WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(gradient, inputGrad);
    }

    /**
     * Whether {@link #runSplit} beats {@code conv2d_bp} for a stride-1 float convolution on oneDNN: oneDNN 2.3's weight
     * gradient is slow for few input channels on large maps (bench/RESULTS.md, "Convolution backward split"); measured rule.
     */
    static boolean splitIsFaster(long inChannels, int[] kernel, long outHeight, long outWidth) {
        return inChannels * kernel[0] * kernel[1] <= 144 && outHeight * outWidth >= 144;
    }

    /**
     * {@code conv2d_bp} of a stride-1, dilation-1 convolution (OIHW weights) as two forward-type ops: the input gradient
     * by {@code deconv2d}, the weight gradient as a convolution of the input seen as [C, N, H, W] with the output
     * gradient seen as an [O, N, outH, outW] kernel, giving [C, O, kH, kW]; the bias gradient as a sum.
     */
    static Pair<Gradient, INDArray> runSplit(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] padding,
                                             Map<String, INDArray> gradientViews, LayerWorkspaceMgr workspaceMgr) {
        long[] w = weights.shape();
        DataType type = weights.dataType();
        INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, type, input.shape(), 'c');
        NativeOps.exec("deconv2d", new INDArray[] {delta, weights}, new INDArray[] {inputGrad},
                new int[] {(int) w[2], (int) w[3], 1, 1, padding[0], padding[1], 1, 1, 0, 0, NativeOps.WEIGHTS_OIHW});
        INDArray inputByChannel = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, channelsFirst(input.shape()), 'c')
                .assign(input.permute(1, 0, 2, 3));
        INDArray deltaByChannel = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, channelsFirst(delta.shape()), 'c')
                .assign(delta.permute(1, 0, 2, 3));
        INDArray weightGradByInput = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, new long[] {w[1], w[0], w[2], w[3]}, 'c');
        NativeOps.exec("conv2d", new INDArray[] {inputByChannel, deltaByChannel}, new INDArray[] {weightGradByInput},
                new int[] {(int) delta.size(2), (int) delta.size(3), 1, 1, padding[0], padding[1], 1, 1, 0, 0, NativeOps.WEIGHTS_OIHW});
        INDArray weightGrad = gradientViews.get(WEIGHT_KEY);
        weightGrad.assign(weightGradByInput.permute(1, 0, 2, 3));
        Gradient gradient = new DefaultGradient();
        if (bias != null) {
            INDArray biasGrad = gradientViews.get(BIAS_KEY);
            biasGrad.assign(delta.sum(0, 2, 3).reshape(biasGrad.shape()));
            gradient.setGradientFor(BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(gradient, inputGrad);
    }

    private static long[] channelsFirst(long[] nchw) {
        return new long[] {nchw[1], nchw[0], nchw[2], nchw[3]};
    }
}
