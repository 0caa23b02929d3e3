package lowbit.tensor.dl4j;

/**
 * Which channels of a DL4J weight parameter a scale or a group belongs to. DL4J shapes: dense
 * [nIn, nOut], conv [out, in, kh, kw], depthwise [kh, kw, in, multiplier].
 */
public enum WeightChannels {
    /** The whole tensor is one channel. */
    WHOLE,
    /** Output units: axis 1 of a dense weight, axis 0 of a conv weight. */
    OUTPUT,
    /** Input units: axis 0 of a dense weight, slices W[:, i, :, :] of a conv weight. */
    INPUT,
    /** Output channels of a depthwise weight: its last two axes together. */
    DEPTHWISE_OUTPUT
}
