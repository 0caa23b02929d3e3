package lowbit.model;

import lowbit.model.layers.NativeBatchNorm;
import lowbit.model.layers.NativeConvolution;
import lowbit.model.layers.NativeDepthwiseConvolution;
import lowbit.model.layers.NativePooling;
import lowbit.model.layers.RelativeGaussianNoise;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one place where each kind of layer is made, so that a faster implementation of a kind can replace
 * DL4J's stock layer everywhere at once: convolutions, batch norm and window pooling are the native layers of
 * {@link lowbit.model.layers} unless {@link LayerImpl#current()} says stock (global pooling stays DL4J's).
 * Input widths (nIn) are inferred from the graph's input type.
 * Padding is explicit (Truncate mode) so that output sizes equal PyTorch's for the same kernel/stride/padding.
 * Weights use He-normal (fan-in) initialization except the classifier (Xavier); biases start at 0.
 */
public final class Layers {

    /** PyTorch's BatchNorm2d defaults: eps 1e-5, running-average momentum 0.1 (DL4J decay 0.9). */
    static final double BN_EPS = 1e-5;
    static final double BN_DECAY = 0.9;

    private Layers() {
    }

    /** Linear 2-D convolution. */
    public static Layer conv(int outChannels, int kernel, int stride, int padding, boolean bias) {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(ConvolutionMode.Truncate).nOut(outChannels).hasBias(bias)
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU);
        return LayerImpl.current() == LayerImpl.NATIVE ? new NativeConvolution(b) : b.build();
    }

    /** Linear depthwise convolution, one filter per channel (depth multiplier 1). */
    public static Layer depthwise(int channels, int kernel, int stride, int padding, boolean bias) {
        DepthwiseConvolution2D.Builder b = new DepthwiseConvolution2D.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(ConvolutionMode.Truncate).depthMultiplier(1).nOut(channels)
                .hasBias(bias).activation(Activation.IDENTITY).weightInit(WeightInit.RELU);
        return LayerImpl.current() == LayerImpl.NATIVE ? new NativeDepthwiseConvolution(b) : b.build();
    }

    /**
     * Batch norm storing running mean and variance (not DL4J's default log10 std). Unlike PyTorch, DL4J folds
     * the biased batch variance into the running variance (PyTorch uses the unbiased one).
     */
    public static Layer batchNorm() {
        if (LayerImpl.current() == LayerImpl.NATIVE) return new NativeBatchNorm(BN_EPS, BN_DECAY);
        return new BatchNormalization.Builder().eps(BN_EPS).decay(BN_DECAY).useLogStd(false)
                .activation(Activation.IDENTITY).build();
    }

    /**
     * Whether {@link #batchNorm(Activation)} applies its activation itself (the native layer) rather than needing an
     * activation layer after it (DL4J's stock batch norm ignores its activation).
     */
    static boolean batchNormAppliesActivation() {
        return LayerImpl.current() == LayerImpl.NATIVE;
    }

    /** The native batch norm followed, in the same layer, by ReLU or ReLU6. */
    static Layer batchNorm(Activation activation) {
        if (!batchNormAppliesActivation()) throw new IllegalStateException("stock batch norm ignores its activation");
        return new NativeBatchNorm(BN_EPS, BN_DECAY, activation.getActivationFunction());
    }

    /** ReLU or ReLU6 as a layer of its own. */
    public static Layer activation(Activation activation) {
        return new ActivationLayer(activation);
    }

    public static Layer relu() {
        return activation(Activation.RELU);
    }

    /** Non-overlapping max pooling, kernel = stride = size. */
    public static Layer maxPool(int size) {
        return pooling(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(size, size).stride(size, size)
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

    public static Layer dense(int outputs, Activation activation) {
        return new DenseLayer.Builder().nOut(outputs).activation(activation).weightInit(WeightInit.RELU).build();
    }

    /** Dense classifier with softmax and cross-entropy: its output is class probabilities. */
    public static Layer softmaxClassifier(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    /** Dense classifier producing logits, for graphs that combine logits before {@link #softmaxLoss()}. */
    public static Layer logits(int classes) {
        return new DenseLayer.Builder().nOut(classes).activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build();
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
