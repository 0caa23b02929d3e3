package lowbit.model;

import lowbit.model.graph.Activation;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.Depthwise;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Padding;
import lowbit.model.graph.Shape;

/**
 * MobileNetV1 (Howard et al. 2017): conv3x3/2 (int(32 alpha) channels) -> BN -> act, 13 depthwise-separable blocks
 * (pointwise widths int(c alpha) for c in 64, 128/2, 128, 256/2, 256, 512/2, 512 x5, 1024/2, 1024), global average
 * pool, dense classifier. Person detection (TFLite Micro): alpha 0.25 on 96x96x1 with 2 classes, 213,442 parameters
 * ({@link SeparableBlock#ORIGINAL}) or 210,962 ({@link SeparableBlock#QUANT_FRIENDLY}: no depthwise BN).
 * Node names: conv, bn, act, b{1..13}.dw, b{i}.dw_bn, b{i}.dw_act, b{i}.pw, b{i}.pw_bn, b{i}.pw_act, pool, fc.
 * {@link Options} cover published Keras variants: biases on the convolutions, TensorFlow {@code same} padding, plain
 * ReLU in the original block, another batch-norm epsilon.
 */
public final class MobileNetV1 {

    /** (pointwise width at alpha 1, depthwise stride) of the 13 blocks. */
    private static final int[][] BLOCKS = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};

    public static final double DEFAULT_ALPHA = 0.25;

    /**
     * @param bias        convolutions and depthwise convolutions have a bias (Keras {@code use_bias})
     * @param samePadding TensorFlow {@code same} padding (at stride 2 on an even map only bottom and right); else k/2 all round
     * @param relu6       ReLU6 after the batch norms, else ReLU; by default ReLU6 in the original block, ReLU in the other
     * @param bnEps       the batch norms' epsilon
     */
    public record Options(double alpha, SeparableBlock block, boolean bias, boolean samePadding, boolean relu6, double bnEps) {

        public static Options defaults(double alpha, SeparableBlock block) {
            return new Options(alpha, block, false, false, block == SeparableBlock.ORIGINAL, BatchNorm.DEFAULT_EPS);
        }
    }

    private MobileNetV1() {
    }

    /** Number of depthwise-separable blocks. */
    public static int blocks() {
        return BLOCKS.length;
    }

    /** Pointwise output width of block i (0-based) at width multiplier alpha. */
    public static int blockWidth(int i, double alpha) {
        return (int) (BLOCKS[i][0] * alpha);
    }

    /** Depthwise stride of block i (0-based). */
    public static int blockStride(int i) {
        return BLOCKS[i][1];
    }

    /** Width of the stem convolution, int(32 alpha), which must be at least 1. */
    public static int stemWidth(double alpha) {
        if (alpha <= 0 || (int) (32 * alpha) < 1) throw new IllegalArgumentException("width multiplier " + alpha);
        return (int) (32 * alpha);
    }

    /**
     * The zoo's entry; options: alpha (0.25), block (original | quant-friendly), bias (false), padding (symmetric |
     * same), relu6 (true in the original block, false in the other), bn-eps (1e-5).
     */
    public static ModelGraph graph(ModelSpec spec, ModelOptions options) {
        SeparableBlock block = options.getEnum("block", SeparableBlock.class, SeparableBlock.ORIGINAL);
        String padding = options.getString("padding", "symmetric");
        if (!padding.equals("symmetric") && !padding.equals("same")) {
            throw new IllegalArgumentException("mobilenetv1 option padding must be symmetric or same, not '" + padding + "'");
        }
        return graph(spec, new Options(options.getDouble("alpha", DEFAULT_ALPHA), block, options.getBoolean("bias", false),
                padding.equals("same"), options.getBoolean("relu6", block == SeparableBlock.ORIGINAL),
                options.getDouble("bn-eps", BatchNorm.DEFAULT_EPS)));
    }

    public static ModelGraph graph(ModelSpec spec, double alpha, SeparableBlock block) {
        return graph(spec, Options.defaults(alpha, block));
    }

    public static ModelGraph graph(ModelSpec spec, Options o) {
        boolean original = o.block() == SeparableBlock.ORIGINAL;
        Nonlinearity f = spec.hidden(o.relu6() ? Nonlinearity.RELU6 : Nonlinearity.RELU);
        ModelGraph.Builder g = new ModelGraph.Builder(spec.inputShape(), spec.seed());
        int c = stemWidth(o.alpha());
        g.add("conv", new Conv(spec.channels(), c, 3, 2, padding(g, o, 2), o.bias()));
        g.add("bn", new BatchNorm(c, o.bnEps()));
        g.add("act", new Activation(f));
        for (int i = 0; i < blocks(); i++) {
            String p = "b" + (i + 1) + ".";
            g.add(p + "dw", new Depthwise(c, 3, blockStride(i), padding(g, o, blockStride(i)), o.bias()));
            if (original) {
                g.add(p + "dw_bn", new BatchNorm(c, o.bnEps()));
                g.add(p + "dw_act", new Activation(f));
            }
            int next = blockWidth(i, o.alpha());
            g.add(p + "pw", new Conv(c, next, 1, 1, 0, o.bias()));
            g.add(p + "pw_bn", new BatchNorm(next, o.bnEps()));
            g.add(p + "pw_act", new Activation(f));
            c = next;
        }
        g.add("pool", new GlobalAvgPool());
        g.add("fc", Dense.classifier(c, spec.classes()));
        return g.build();
    }

    /** The TFLite Micro person-detection model: alpha 0.25, 96x96 grayscale, person / no person. */
    public static ModelGraph personDetection(long seed, SeparableBlock block) {
        return graph(ModelSpec.of(seed, 1, 96, 96, 2), DEFAULT_ALPHA, block);
    }

    /** The padding of a 3x3 window at {@code stride} over the map the builder's last node produces. */
    private static Padding padding(ModelGraph.Builder g, Options o, int stride) {
        if (!o.samePadding()) return Padding.symmetric(1);
        Shape in = g.shape(g.last());
        return Padding.same(in.height(), in.width(), 3, stride);
    }
}
