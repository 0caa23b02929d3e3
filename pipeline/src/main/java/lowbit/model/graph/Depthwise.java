package lowbit.model.graph;

import java.util.List;

/**
 * Depthwise convolution (one filter per channel), weights in DL4J's layout [kH, kW, channels, 1]; their fan-in counts
 * every input channel, as DL4J's initializer does; the bias comes first, as for {@link Conv}.
 */
public record Depthwise(int channels, int kernel, int stride, Padding padding, boolean bias) implements Op {

    public Depthwise(int channels, int kernel, int stride, int padding, boolean bias) {
        this(channels, kernel, stride, Padding.symmetric(padding), bias);
    }

    @Override
    public Shape output(List<Shape> inputs) {
        return padding.window(Op.image(this, inputs, channels), channels, kernel, stride);
    }

    @Override
    public List<Param> params() {
        Param w = new Param("W", ParamKind.DEPTHWISE_WEIGHT, new int[] {kernel, kernel, channels, 1}, 2,
                Init.heNormal(channels * kernel * kernel));
        return bias ? List.of(new Param("b", ParamKind.BIAS, new int[] {channels}, 0, Init.constant(0)), w) : List.of(w);
    }

    @Override
    public boolean foldsBatchNorm() {
        return true;
    }

    @Override
    public long macs(Shape o) {
        return (long) o.height() * o.width() * channels * kernel * kernel;
    }
}
