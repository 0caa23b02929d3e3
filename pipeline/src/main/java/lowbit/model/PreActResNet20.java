package lowbit.model;

import lowbit.engine.dl4j.Dl4jModel;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;

/**
 * Pre-activation ResNet-20 (He et al., Identity Mappings, 2016) as in the EnResNet authors' code:
 * conv3x3(16), 3 stages x 3 blocks (BN-ReLU-conv3x3-BN-ReLU-conv3x3, + shortcut) of widths 16/32/64,
 * then BN-ReLU, global average pool, dense classifier; convolutions have no bias.
 * A shape-changing block takes its shortcut from the pre-activated input, as their code does.
 * With {@link Shortcut#ZERO_PAD}: 269,722 parameters for 10 classes (same as ResNet-20);
 * with {@link Shortcut#PROJECTION} (the authors' 1x1 convolutions): 272,282.
 * With the native layers every ReLU is applied by the batch-norm layer before it (relu, relu1, relu2 pass through).
 */
public final class PreActResNet20 {

    private PreActResNet20() {
    }

    public static Dl4jModel build(ModelSpec spec, Shortcut shortcut) {
        GraphAssembler g = new GraphAssembler(spec);
        String features = addFeatures(g, "", shortcut, 0);
        return g.build(g.layer("fc", Layers.softmaxClassifier(spec.classes()), features));
    }

    /**
     * Adds the network up to the pooled 64 features, all vertex names prefixed, and returns the pool vertex.
     *
     * @param noiseScale if positive, {@code out + noiseScale * std(out) * N(0, I)} after every block (EnResNet)
     */
    static String addFeatures(GraphAssembler g, String prefix, Shortcut shortcut, double noiseScale) {
        String stem = g.layer(prefix + "conv", Layers.conv(16, 3, 1, 1, false), GraphAssembler.INPUT);
        String body = ResNetStages.stack(prefix, stem,
                (p, x, in, out, stride) -> block(g, p, x, in, out, stride, shortcut, noiseScale));
        g.batchNormThen(prefix + "bn", Activation.RELU, prefix + "relu", body);
        return g.layer(prefix + "pool", Layers.globalAveragePool());
    }

    private static String block(GraphAssembler g, String p, String x, int in, int out, int stride,
                                Shortcut shortcut, double noiseScale) {
        String activated = g.batchNormThen(p + "bn1", Activation.RELU, p + "relu1", x);
        g.layer(p + "conv1", Layers.conv(out, 3, stride, 1, false));
        g.batchNormThen(p + "bn2", Activation.RELU, p + "relu2");
        String residual = g.layer(p + "conv2", Layers.conv(out, 3, 1, 1, false));
        String sc = stride == 1 && in == out ? x : ResidualShortcuts.add(g, p, activated, in, out, stride, shortcut);
        String sum = g.vertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), residual, sc);
        if (noiseScale <= 0) return sum;
        long noiseSeed = g.spec().seed() * 1_000_003L + (p.hashCode() & 0xffffffffL);
        return g.layer(p + "noise", Layers.relativeGaussianNoise(noiseScale, noiseSeed), sum);
    }
}
