package lowbit.model.graph;

import java.util.List;

/** 2-D convolution, square kernel, OIHW weights; DL4J stores the bias before the weights. */
public record Conv(int in, int out, int kernel, int stride, Padding padding, boolean bias) implements Op {

    public Conv(int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(in, out, kernel, stride, Padding.symmetric(padding), bias);
    }

    @Override
    public Shape output(List<Shape> inputs) {
        return padding.window(Op.image(this, inputs, in), out, kernel, stride);
    }

    @Override
    public List<Param> params() {
        Param w = new Param("W", ParamKind.CONV_WEIGHT, new int[] {out, in, kernel, kernel}, 0, Init.heNormal(in * kernel * kernel));
        return bias ? List.of(new Param("b", ParamKind.BIAS, new int[] {out}, 0, Init.constant(0)), w) : List.of(w);
    }

    @Override
    public boolean foldsBatchNorm() {
        return true;
    }

    @Override
    public long macs(Shape o) {
        return (long) o.height() * o.width() * out * in * kernel * kernel;
    }
}
