package lowbit.engine.dl4j;

import lowbit.engine.dl4j.layers.NativeBatchNorm;
import lowbit.engine.dl4j.layers.NativeConvolution;
import lowbit.engine.dl4j.layers.NativeDepthwiseConvolution;
import lowbit.engine.dl4j.layers.NativePooling;
import lowbit.engine.dl4j.layers.RelativeGaussianNoise;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one place where each kind of DL4J layer is made, so that a faster implementation of a kind can replace
 * DL4J's stock layer everywhere at once: convolutions, batch norm and window pooling are the native layers of
 * {@link lowbit.engine.dl4j.layers} unless {@link LayerImpl#current()} says stock (global pooling stays DL4J's).
 * Input widths (nIn) are inferred from the graph's input type. Weights use He-normal (fan-in) initialization except
 * classifiers and logits (Xavier); biases start at 0.
 */
public final class Dl4jLayers {

    /** Weight of the old running mean/variance in each batch-norm update: PyTorch's momentum 0.1. */
    static final double BN_DECAY = 0.9;

    private Dl4jLayers() {
    }

    /** Linear 2-D convolution; {@code padding} on every side (ignored in Same mode, which pads as TensorFlow). */
    public static Layer conv(int outChannels, int kernel, int stride, int padding, ConvolutionMode mode, boolean bias) {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(mode).nOut(outChannels).hasBias(bias)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU);
        return LayerImpl.current() == LayerImpl.NATIVE ? new NativeConvolution(b) : b.build();
    }

    /** Linear depthwise convolution, one filter per channel (depth multiplier 1). */
    public static Layer depthwise(int channels, int kernel, int stride, int padding, ConvolutionMode mode, boolean bias) {
        DepthwiseConvolution2D.Builder b = new DepthwiseConvolution2D.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(mode).depthMultiplier(1).nOut(channels)
                .hasBias(bias).activation(Activation.IDENTITY).weightInit(WeightInit.RELU);
        return LayerImpl.current() == LayerImpl.NATIVE ? new NativeDepthwiseConvolution(b) : b.build();
    }

    /**
     * Batch norm storing running mean and variance (not DL4J's default log10 std). Like DL4J, it folds the biased batch
     * variance into the running variance (PyTorch uses the unbiased one).
     */
    public static Layer batchNorm(double eps) {
        if (LayerImpl.current() == LayerImpl.NATIVE) return new NativeBatchNorm(eps, BN_DECAY);
        return new BatchNormalization.Builder().eps(eps).decay(BN_DECAY).useLogStd(false).activation(Activation.IDENTITY).build();
    }

    /** Whether {@link #batchNorm(double, IActivation)} exists: the native batch norm applies an activation itself. */
    static boolean batchNormAppliesActivation() {
        return LayerImpl.current() == LayerImpl.NATIVE;
    }

    /** The native batch norm followed, in the same layer, by ReLU, ReLU6 or the binary step. */
    static Layer batchNorm(double eps, IActivation activation) {
        if (!batchNormAppliesActivation()) throw new IllegalStateException("stock batch norm ignores its activation");
        return new NativeBatchNorm(eps, BN_DECAY, activation);
    }

    /** An activation as a layer of its own. */
    public static Layer activation(IActivation activation) {
        return new ActivationLayer.Builder().activation(activation).build();
    }

    /** Non-overlapping max pooling, kernel = stride = size. */
    public static Layer maxPool(int size) {
        return pooling(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(size, size).stride(size, size)
                .convolutionMode(ConvolutionMode.Truncate));
    }

    /** Average pooling without padding. */
    public static Layer averagePool(int kernel, int stride) {
        return pooling(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(kernel, kernel).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Truncate));
    }

    /** Keeps every stride-th row and column ({@code x[:, :, ::s, ::s]}): a 1x1 pooling window with that stride. */
    public static Layer subsample(int stride) {
        return pooling(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 1).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Truncate));
    }

    private static Layer pooling(SubsamplingLayer.Builder b) {
        return LayerImpl.current() == LayerImpl.NATIVE ? new NativePooling(b) : b.build();
    }

    /** Global average pooling to [N, C]. */
    public static Layer globalAveragePool() {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
    }

    /** A dense layer; {@code logits} (no activation) start as Xavier, hidden layers as He. */
    public static Layer dense(int outputs, IActivation activation, boolean logits) {
        return new DenseLayer.Builder().nOut(outputs).activation(activation)
                .weightInit(logits ? WeightInit.XAVIER : WeightInit.RELU).build();
    }

    /** Dense classifier with softmax and cross-entropy: its output is class probabilities. */
    public static Layer softmaxClassifier(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    /** Parameter-free softmax + cross-entropy on logits. */
    public static Layer softmaxLoss() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build();
    }

    /** EnResNet noise: {@code x + scale * std(x) * N(0, I)} with its own seeded generator. */
    public static Layer relativeGaussianNoise(double scale, long seed) {
        return new RelativeGaussianNoise(scale, seed);
    }
}
