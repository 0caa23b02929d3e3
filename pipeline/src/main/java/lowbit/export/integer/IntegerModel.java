package lowbit.export.integer;

import java.util.List;

import lowbit.model.graph.Shape;

/**
 * A network as an integer program: int8 tensors, the ops between them in run order, where the scores come from, and
 * the scratch arena. {@link IntegerInference} runs it in Java; {@link lowbit.export.c} writes it as C that computes the
 * same values bit for bit.
 *
 * @param input        the image shape (C, H, W), uint8 channel-major as lowbit's shards store it
 * @param classes      number of scores
 * @param scoresTensor the int8 tensor the scores are dequantized from, score = (float) (q - scoreZeroPoint) *
 *                     scoreScale; -1 when the last op, a dense classifier, writes the float logits itself
 * @param macs         multiply-accumulates per image (convolutions, depthwise convolutions, dense layers)
 */
public record IntegerModel(Shape input, int classes, List<IntTensor> tensors, List<IntOp> ops, int scoresTensor,
                           float scoreScale, int scoreZeroPoint, ArenaPlan arena, long macs) {

    public IntegerModel {
        tensors = List.copyOf(tensors);
        ops = List.copyOf(ops);
    }

    public IntTensor tensor(int id) {
        return tensors.get(id);
    }

    public IntTensor tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
    }

    /** Bytes of one input image. */
    public int inputBytes() {
        return input.size();
    }

    /** Bytes of packed weight codes (padding bytes excluded). */
    public long weightBytes() {
        long n = 0;
        for (IntOp op : ops) {
            if (op.weights() != null) n += op.weights().packedBytes();
        }
        return n;
    }

    /**
     * Bytes of the other constants model.c stores: per output channel an int32 bias, an int32 multiplier and an int8
     * shift (per layer when the requantization has one), the input table (256 per input channel), the float score
     * scales, per-input multipliers and shifts of additions, the weights of unfolded batch norms and the one padding byte
     * per weight array.
     */
    public long constantBytes() {
        long n = 0;
        for (IntOp op : ops) {
            if (op.weights() != null) n += 1;
            if (op instanceof IntOp.Input in) n += in.table().length;
            if (op instanceof IntOp.Conv c) n += 4L * c.bias().length + requantBytes(c.rq());
            if (op instanceof IntOp.Depthwise d) n += 4L * d.bias().length + requantBytes(d.rq());
            if (op instanceof IntOp.Dense d) n += 4L * d.bias().length + (d.writesScores() ? 4L * d.scoreScales().length : requantBytes(d.rq()));
            if (op instanceof IntOp.AvgPool a) n += requantBytes(a.rq());
            if (op instanceof IntOp.Add a) n += 5L * a.inputs().length + requantBytes(a.rq());
            if (op instanceof IntOp.ChannelAffine a) n += 4L * a.weight().length + 4L * a.bias().length + requantBytes(a.rq());
        }
        return n;
    }

    private static long requantBytes(Requantization rq) {
        return 5L * rq.channels();
    }

    /** Flash of the model's constants: packed weights and the other constants. */
    public long flashBytes() {
        return weightBytes() + constantBytes();
    }

    /** RAM: the scratch arena and the caller's uint8 input image. */
    public long ramBytes() {
        return (long) arena.bytes() + inputBytes();
    }
}
