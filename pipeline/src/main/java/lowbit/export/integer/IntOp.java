package lowbit.export.integer;

import lowbit.model.graph.Padding;
import lowbit.model.graph.Shape;

/**
 * One step of the integer program: it reads int8 tensors (by id) and writes one (or, for the classifier, the float
 * scores). Every op is named after the graph node whose output it produces. The arithmetic of each op is in
 * {@link IntegerInference}, and model.c does the same.
 */
public sealed interface IntOp {

    /** The graph node this op computes. */
    String node();

    /** Ids of the tensors it reads. */
    int[] inputs();

    /** Id of the tensor it writes; -1 when it writes the scores. */
    int output();

    /** Multiply-accumulates per image. */
    default long macs() {
        return 0;
    }

    /** The packed weights it reads, or null. */
    default PackedWeights weights() {
        return null;
    }

    /** Scratch bytes it needs for one output channel's unpacked weights (0 without weights). */
    default int stagingBytes() {
        PackedWeights w = weights();
        return w == null ? 0 : w.perChannel();
    }

    /** uint8 pixels (C, H, W) to the int8 input: {@code table[c * 256 + pixel]}, the model's scaling and the input grid in one. */
    record Input(String node, int output, Shape shape, byte[] table) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[0];
        }
    }

    /**
     * Convolution, weights [out][in][kh][kw]: acc = (sum w (x - zp_in)) 2^accumulatorShift + bias over the window inside
     * the map (padding adds nothing: it stands for real zeros, which are zp_in), then {@code rq}. The shift gives the
     * bias and the requantization fractional bits (see {@link IntegerLowering}).
     */
    record Conv(String node, int input, int output, Shape in, Shape out, int kernel, int stride, Padding padding,
                int inputZeroPoint, PackedWeights weights, int[] bias, int accumulatorShift, Requantization rq) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }

        @Override
        public long macs() {
            return (long) out.size() * in.channels() * kernel * kernel;
        }
    }

    /** Depthwise convolution (multiplier 1), weights [channel][kh][kw], otherwise as {@link Conv}. */
    record Depthwise(String node, int input, int output, Shape in, Shape out, int kernel, int stride, Padding padding,
                     int inputZeroPoint, PackedWeights weights, int[] bias, int accumulatorShift, Requantization rq) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }

        @Override
        public long macs() {
            return (long) out.size() * kernel * kernel;
        }
    }

    /**
     * Fully connected layer on the (C, H, W)-ordered input, weights [out][in], the accumulator as in {@link Conv}. With
     * {@code scoreScales} (and output -1) it is the classifier: score_o = (float) acc_o * scoreScales[o], the float
     * logits, instead of {@code rq}.
     */
    record Dense(String node, int input, int output, int in, int out, int inputZeroPoint, PackedWeights weights, int[] bias,
                 int accumulatorShift, Requantization rq, float[] scoreScales) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }

        @Override
        public long macs() {
            return (long) in * out;
        }

        public boolean writesScores() {
            return scoreScales != null;
        }
    }

    /** Max pooling without padding; the output keeps the input's grid. */
    record MaxPool(String node, int input, int output, Shape in, Shape out, int kernelH, int kernelW, int stride) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /**
     * Average pooling without padding (global average pooling: the window is the whole map): acc = (sum x - n zp_in)
     * 2^accumulatorShift over the n values of the window, then {@code rq}, whose multiplier is scale_in / (n scale_out
     * 2^accumulatorShift): the division by n is part of the rescaling.
     */
    record AvgPool(String node, int input, int output, Shape in, Shape out, int kernelH, int kernelW, int stride,
                   int inputZeroPoint, int accumulatorShift, Requantization rq) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /**
     * TFLite's quantized ADD, for any number of inputs: each input (x_i - zp_i) 2^20 is rescaled by MBQM with
     * m_i = scale_i / (2 max scale), the results are summed, and {@code rq} (multiplier 2 max scale / (2^20 scale_out),
     * divided by the input count for an average) maps the sum to the output. One input: a requantization (an
     * activation of its own).
     */
    record Add(String node, int[] inputs, int output, int size, int[] inputZeroPoints, int[] inputMultipliers,
               int[] inputShifts, Requantization rq) implements IntOp {
        public static final int LEFT_SHIFT = 20;

        @Override
        public int[] inputs() {
            return inputs.clone();
        }
    }

    /**
     * A batch norm that is not folded, y_c = a_c x + b_c: acc = weight_c (x - zp_in) + bias_c with weight_c =
     * sign(a_c) 2^P and bias_c = round(b_c 2^P / e_c), e_c = scale_in |a_c|, then {@code rq} with multiplier
     * e_c / (2^P scale_out) per channel. P (up to 16, as large as int32 allows) makes the bias's rounding 2^P times finer
     * than one input step, which matters where |a_c| is large.
     */
    record ChannelAffine(String node, int input, int output, Shape shape, int inputZeroPoint, int[] weight, int[] bias,
                         Requantization rq) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** Every stride-th row and column; the output keeps the input's grid. */
    record Subsample(String node, int input, int output, Shape in, Shape out, int stride) implements IntOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /**
     * Channels stacked in order: part i is the first {@code channels[i]} channels of tensor {@code sources[i]}, or, where
     * the source is -1, that many channels of zeros (the value {@code fill}, the zero point of the common grid): the
     * zero-padded shortcut of ResNet's option A.
     */
    record Concat(String node, int output, Shape out, int[] sources, int[] channels, int fill) implements IntOp {
        @Override
        public int[] inputs() {
            return java.util.Arrays.stream(sources).filter(s -> s >= 0).distinct().toArray();
        }
    }
}
