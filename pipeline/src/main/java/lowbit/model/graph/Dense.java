package lowbit.model.graph;

import java.util.List;

/**
 * Fully connected layer on the flattened input ([C, H, W] order), weights [out, in] then bias as DL4J stores them,
 * then {@code function}: a hidden layer (ReLU, He initialization) or a classifier producing logits (identity, Xavier).
 */
public record Dense(int in, int out, Nonlinearity function) implements Op {

    /** The classifier: logits, no activation. */
    public static Dense classifier(int in, int classes) {
        return new Dense(in, classes, Nonlinearity.IDENTITY);
    }

    @Override
    public Shape output(List<Shape> inputs) {
        Shape x = Op.single(this, inputs);
        if (x.size() != in) throw new IllegalArgumentException(this + " expects " + in + " inputs, got " + x);
        return Shape.features(out);
    }

    @Override
    public List<Param> params() {
        Init init = function == Nonlinearity.IDENTITY ? Init.xavier(in, out) : Init.heNormal(in);
        return List.of(new Param("W", ParamKind.DENSE_WEIGHT, new int[] {out, in}, 0, init),
                new Param("b", ParamKind.BIAS, new int[] {out}, 0, Init.constant(0)));
    }

    @Override
    public long macs(Shape o) {
        return (long) in * out;
    }
}
