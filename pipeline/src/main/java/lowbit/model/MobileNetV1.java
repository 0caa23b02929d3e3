package lowbit.model;

import lowbit.engine.dl4j.Dl4jModel;
import org.nd4j.linalg.activations.Activation;

/**
 * MobileNetV1 (Howard et al. 2017) as in bench/pytorch/models.py: conv3x3/2 (int(32 alpha) channels) -> BN -> act,
 * 13 depthwise-separable blocks (pointwise widths int(c alpha) for c in 64, 128/2, 128, 256/2, 256, 512/2,
 * 512 x5, 1024/2, 1024), global average pool, dense classifier. Convolutions have no bias; padding is k/2.
 * Person detection (TFLite Micro): alpha 0.25 on 96x96x1 with 2 classes, 213,442 parameters
 * ({@link SeparableBlock#ORIGINAL}) or 210,962 ({@link SeparableBlock#QUANT_FRIENDLY}: no depthwise BN).
 * Vertex names: conv, bn, act, b{1..13}.dw, b{i}.dw_bn, b{i}.dw_act, b{i}.pw, b{i}.pw_bn, b{i}.pw_act, pool, fc; with the
 * native layers each activation is applied by the batch-norm layer before it (act, dw_act, pw_act pass through).
 */
public final class MobileNetV1 {

    /** (pointwise width at alpha 1, depthwise stride) of the 13 blocks. */
    private static final int[][] BLOCKS = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};

    public static final double DEFAULT_ALPHA = 0.25;

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

    /** @param alpha width multiplier: every layer has int(width * alpha) channels */
    public static Dl4jModel build(ModelSpec spec, double alpha, SeparableBlock block) {
        boolean original = block == SeparableBlock.ORIGINAL;
        GraphAssembler g = new GraphAssembler(spec);
        int c = stemWidth(alpha);
        g.layer("conv", Layers.conv(c, 3, 2, 1, false));
        g.batchNormThen("bn", activation(block), "act");
        for (int i = 0; i < blocks(); i++) {
            String p = "b" + (i + 1) + ".";
            g.layer(p + "dw", Layers.depthwise(c, 3, blockStride(i), 1, false));
            if (original) {
                g.batchNormThen(p + "dw_bn", activation(block), p + "dw_act");
            }
            c = blockWidth(i, alpha);
            g.layer(p + "pw", Layers.conv(c, 1, 1, 0, false));
            g.batchNormThen(p + "pw_bn", activation(block), p + "pw_act");
        }
        g.layer("pool", Layers.globalAveragePool());
        return g.build(g.layer("fc", Layers.softmaxClassifier(spec.classes())));
    }

    /** The TFLite Micro person-detection model: alpha 0.25, 96x96 grayscale, person / no person. */
    public static Dl4jModel personDetection(long seed, SeparableBlock block) {
        return build(ModelSpec.of(seed, 1, 96, 96, 2), 0.25, block);
    }

    private static Activation activation(SeparableBlock block) {
        return block == SeparableBlock.ORIGINAL ? Activation.RELU6 : Activation.RELU;
    }
}
