package lowbit.model.graph;

import java.util.List;

/**
 * Batch norm over the channels: gamma, beta, and the running mean and variance as state. In training the running
 * statistics move towards the batch's (biased variance) by {@link #MOMENTUM} per step.
 */
public record BatchNorm(int channels, double eps) implements Op {

    /** PyTorch's BatchNorm2d default epsilon. */
    public static final double DEFAULT_EPS = 1e-5;
    /** Share of the batch statistic in each running-average step (DL4J decay 0.9). */
    public static final double MOMENTUM = 0.1;

    public BatchNorm(int channels) {
        this(channels, DEFAULT_EPS);
    }

    @Override
    public Shape output(List<Shape> inputs) {
        Shape x = Op.single(this, inputs);
        if (x.channels() != channels) throw new IllegalArgumentException(this + " expects " + channels + " channels, got " + x);
        return x;
    }

    @Override
    public List<Param> params() {
        int[] c = {channels};
        return List.of(new Param("gamma", ParamKind.BN_GAMMA, c, 0, Init.constant(1)), new Param("beta", ParamKind.BN_BETA, c, 0, Init.constant(0)),
                new Param("mean", ParamKind.BN_MEAN, c, 0, Init.constant(0)), new Param("var", ParamKind.BN_VAR, c, 0, Init.constant(1)));
    }
}
