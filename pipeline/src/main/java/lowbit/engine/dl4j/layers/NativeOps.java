package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Runs libnd4j custom ops on caller-allocated outputs, and the integer arguments of its 2-D convolution and pooling ops. */
final class NativeOps {

    /** libnd4j's weight layouts for conv2d: [kH, kW, iC, oC] (also depthwise [kH, kW, iC, mC]) and [oC, iC, kH, kW]. */
    static final int WEIGHTS_HWIO = 0;
    static final int WEIGHTS_OIHW = 1;

    private NativeOps() {
    }

    /** Whether the loaded libnd4j has oneDNN kernels (the {@code -onednn} natives classifiers). */
    static boolean hasOneDnn() {
        return OneDnn.PRESENT;
    }

    private static final class OneDnn {
        static final boolean PRESENT = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    }

    static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] intArgs, double... floatArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op)
                .addInputs(inputs).addOutputs(outputs).addIntegerArguments(intArgs).callInplace(false);
        if (floatArgs.length > 0) b.addFloatingPointArguments(boxed(floatArgs));
        Nd4j.exec(b.build());
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, same mode, data format (0 = NCHW), weight layout. */
    static int[] convArgs(int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode, int weightLayout) {
        requireSupported(mode);
        return new int[] {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1],
                mode == ConvolutionMode.Same ? 1 : 0, 0, weightLayout};
    }

    /**
     * kH, kW, sH, sW, pH, pW, dH, dW, same mode, the average's divisor (1: kH * kW, padding included, as DL4J's
     * SubsamplingLayer passes for avgPoolIncludePadInDivisor; 0: only the window's cells inside the input), data format (0 = NCHW).
     */
    static int[] poolArgs(int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode, boolean divisorFlag) {
        requireSupported(mode);
        return new int[] {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1],
                mode == ConvolutionMode.Same ? 1 : 0, divisorFlag ? 1 : 0, 0};
    }

    /** Output height or width of a convolution or pooling window along one axis. */
    static long outSize(long in, int kernel, int stride, int padding, int dilation, ConvolutionMode mode) {
        requireSupported(mode);
        if (mode == ConvolutionMode.Same) return (in + stride - 1) / stride;
        long effectiveKernel = (long) dilation * (kernel - 1) + 1;
        return (in + 2L * padding - effectiveKernel) / stride + 1;
    }

    private static void requireSupported(ConvolutionMode mode) {
        if (mode == ConvolutionMode.Causal) throw new IllegalArgumentException("causal convolution is not supported");
    }

    private static Double[] boxed(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }
}
