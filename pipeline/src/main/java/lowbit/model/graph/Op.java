package lowbit.model.graph;

import java.util.List;

/**
 * What a node of a {@link ModelGraph} computes from its inputs, engine-neutral: each engine maps every op to its own
 * implementation, so a model is defined once and runs on both.
 */
public sealed interface Op permits Conv, Depthwise, BatchNorm, Activation, MaxPool, AvgPool, Subsample, GlobalAvgPool,
        Flatten, Dense, Add, Average, Zeros, FirstChannels, ConcatChannels, Noise, SoftmaxOutput {

    /** The shape of one example's output from those of the inputs; throws naming what does not fit. */
    Shape output(List<Shape> inputs);

    /** Parameters and state, in DL4J's layout order. */
    default List<Param> params() {
        return List.of();
    }

    /** What the op does to values, for activation quantization. */
    default GraphNode.Role role() {
        return GraphNode.Role.COMPUTE;
    }

    /** A linear layer without activation into which a following batch norm can be folded. */
    default boolean foldsBatchNorm() {
        return false;
    }

    /** Multiply-accumulates of one example, given its output shape. */
    default long macs(Shape out) {
        return 0;
    }

    /** The single input's shape, or an exception naming the op. */
    static Shape single(Op op, List<Shape> inputs) {
        if (inputs.size() != 1) throw new IllegalArgumentException(op + " takes one input, got " + inputs.size());
        return inputs.get(0);
    }

    /** The single input as a feature map of {@code channels} channels (any when negative). */
    static Shape image(Op op, List<Shape> inputs, int channels) {
        Shape in = single(op, inputs);
        if (!in.isImage()) throw new IllegalArgumentException(op + " needs a feature map, got " + in);
        if (channels >= 0 && in.channels() != channels) {
            throw new IllegalArgumentException(op + " expects " + channels + " input channels, got " + in.channels());
        }
        return in;
    }
}
