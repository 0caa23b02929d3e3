package lowbit.tensor;

import java.util.Arrays;

/**
 * How a flat, C-order weight array splits into channels (or groups) along one axis of its shape.
 * Element i belongs to channel (i / stride) % channels, where stride is the product of the dimensions
 * after the channel axis. The axis is always explicit because DL4J stores conv weights as
 * [out, in, kh, kw] (output channel first) but dense weights as [nIn, nOut] (output channel last).
 */
public final class ChannelLayout {
    private final int length;
    private final int channels;
    private final int stride;

    private ChannelLayout(int length, int channels, int stride) {
        this.length = length;
        this.channels = channels;
        this.stride = stride;
    }

    /** The whole tensor as a single channel (per-tensor scales). */
    public static ChannelLayout whole(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return new ChannelLayout(length, 1, Math.max(length, 1));
    }

    /** Channels along {@code axis} of a C-order tensor of the given shape. */
    public static ChannelLayout alongAxis(int[] shape, int axis) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("shape must have at least one dimension");
        }
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is outside shape " + Arrays.toString(shape));
        }
        long length = 1;
        long stride = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] <= 0) {
                throw new IllegalArgumentException("dimensions must be > 0, got " + Arrays.toString(shape));
            }
            length *= shape[d];
            if (d > axis) {
                stride *= shape[d];
            }
        }
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large for a float[]: " + Arrays.toString(shape));
        }
        return new ChannelLayout((int) length, shape[axis], (int) stride);
    }

    /** Output channels of a DL4J conv weight [out, in, kh, kw] (axis 0). */
    public static ChannelLayout convOutputChannels(int[] shape) {
        requireRank(shape, 4, "conv weight [out, in, kh, kw]");
        return alongAxis(shape, 0);
    }

    /** Input-channel slices W[:, i, :, :] of a conv weight [out, in, kh, kw] (axis 1). */
    public static ChannelLayout convInputChannels(int[] shape) {
        requireRank(shape, 4, "conv weight [out, in, kh, kw]");
        return alongAxis(shape, 1);
    }

    /** Output units of a DL4J dense weight [nIn, nOut] (axis 1). */
    public static ChannelLayout denseOutputs(int nIn, int nOut) {
        return alongAxis(new int[] {nIn, nOut}, 1);
    }

    /**
     * Output channels of a DL4J depthwise weight [kh, kw, in, multiplier]: output channel
     * in_index * multiplier + m is the C-order index over the last two axes.
     */
    public static ChannelLayout depthwiseOutputChannels(int[] shape) {
        requireRank(shape, 4, "depthwise weight [kh, kw, in, multiplier]");
        return alongAxis(new int[] {shape[0] * shape[1], shape[2] * shape[3]}, 1);
    }

    private static void requireRank(int[] shape, int rank, String what) {
        if (shape.length != rank) {
            throw new IllegalArgumentException("expected a " + what + ", got shape " + Arrays.toString(shape));
        }
    }

    public int length() {
        return length;
    }

    public int channels() {
        return channels;
    }

    public int channelOf(int index) {
        return (index / stride) % channels;
    }

    /** Throws unless {@code values} has exactly this layout's length. */
    public void requireLength(int valuesLength) {
        if (valuesLength != length) {
            throw new IllegalArgumentException(
                    "array has " + valuesLength + " values but the layout describes " + length);
        }
    }

    /** Per-channel count of elements. */
    public int channelSize() {
        return channels == 0 ? 0 : length / channels;
    }
}
