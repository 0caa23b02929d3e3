package lowbit.quant;

import lowbit.tensor.ChannelLayout;

/**
 * Folds batch norm into the preceding conv, depthwise conv or dense layer (docs/methods.md, batch-norm folding):
 * W'_c = gamma_c W_c / sqrt(var_c + eps), b'_c = beta_c + gamma_c (b_c - mu_c) / sqrt(var_c + eps).
 * Channels with var_c <= 1e-12 use the layer's mean variance instead, so that a dead channel does not
 * become an outlier that ruins a per-tensor quantization range (Sheng et al.).
 */
public final class BatchNormFolding {
    public static final double ZERO_VARIANCE = 1e-12;

    private BatchNormFolding() {
    }

    /**
     * @param outputChannels layout of {@code weights} by output channel, e.g.
     *     {@link ChannelLayout#convOutputChannels} or {@link ChannelLayout#depthwiseOutputChannels}
     * @param bias the layer's bias, or null if it has none
     */
    public static FoldedWeights fold(float[] weights, ChannelLayout outputChannels, float[] bias,
            BatchNormParams bn) {
        outputChannels.requireLength(weights.length);
        int channels = bn.channels();
        if (outputChannels.channels() != channels) {
            throw new IllegalArgumentException("layer has " + outputChannels.channels()
                    + " output channels but batch norm has " + channels);
        }
        if (bias != null && bias.length != channels) {
            throw new IllegalArgumentException("bias has " + bias.length + " values for " + channels + " channels");
        }
        double[] variance = guardedVariance(bn.variance());
        double[] factor = new double[channels];
        float[] foldedBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            factor[c] = bn.gamma()[c] / Math.sqrt(variance[c] + bn.eps());
            double b = bias == null ? 0.0 : bias[c];
            foldedBias[c] = (float) (bn.beta()[c] + factor[c] * (b - bn.mean()[c]));
        }
        float[] folded = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            folded[i] = (float) (weights[i] * factor[outputChannels.channelOf(i)]);
        }
        return new FoldedWeights(folded, foldedBias);
    }

    /** Variances with every value <= 1e-12 replaced by the mean variance over all channels. */
    public static double[] guardedVariance(float[] variance) {
        double mean = 0;
        for (float v : variance) {
            mean += v;
        }
        mean /= Math.max(variance.length, 1);
        double[] guarded = new double[variance.length];
        for (int c = 0; c < variance.length; c++) {
            guarded[c] = variance[c] <= ZERO_VARIANCE ? mean : variance[c];
        }
        return guarded;
    }
}
