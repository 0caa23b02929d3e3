package lowbit.model;

import lowbit.model.graph.Activation;
import lowbit.model.graph.Add;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Noise;
import lowbit.model.graph.Nonlinearity;

/**
 * Pre-activation ResNet-20 (He et al., Identity Mappings, 2016) as in the EnResNet authors' code:
 * conv3x3(16), 3 stages x 3 blocks (BN-ReLU-conv3x3-BN-ReLU-conv3x3, + shortcut) of widths 16/32/64,
 * then BN-ReLU, global average pool, dense classifier; convolutions have no bias.
 * A shape-changing block takes its shortcut from the pre-activated input, as their code does.
 * With {@link Shortcut#ZERO_PAD}: 269,722 parameters for 10 classes (same as ResNet-20);
 * with {@link Shortcut#PROJECTION} (the authors' 1x1 convolutions): 272,282.
 */
public final class PreActResNet20 {

    private PreActResNet20() {
    }

    /** The zoo's entry; option: shortcut (zero-pad | projection). */
    public static ModelGraph graph(ModelSpec spec, ModelOptions options) {
        return graph(spec, options.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
    }

    public static ModelGraph graph(ModelSpec spec, Shortcut shortcut) {
        ModelGraph.Builder g = new ModelGraph.Builder(spec.inputShape(), spec.seed());
        String features = addFeatures(g, spec, "", shortcut, 0);
        g.add("fc", Dense.classifier(ResNetStages.outputWidth(), spec.classes()), features);
        return g.build();
    }

    /**
     * Adds the network up to the pooled 64 features, all node names prefixed, and returns the pool node.
     *
     * @param noiseScale if positive, {@code out + noiseScale * std(out) * N(0, I)} after every block (EnResNet)
     */
    static String addFeatures(ModelGraph.Builder g, ModelSpec spec, String prefix, Shortcut shortcut, double noiseScale) {
        String stem = g.add(prefix + "conv", new Conv(spec.channels(), 16, 3, 1, 1, false), ModelGraph.INPUT);
        String body = ResNetStages.stack(prefix, stem,
                (p, x, in, out, stride) -> block(g, spec, p, x, in, out, stride, shortcut, noiseScale));
        g.add(prefix + "bn", new BatchNorm(ResNetStages.outputWidth()), body);
        g.add(prefix + "relu", new Activation(spec.hidden(Nonlinearity.RELU)));
        return g.add(prefix + "pool", new GlobalAvgPool());
    }

    private static String block(ModelGraph.Builder g, ModelSpec spec, String p, String x, int in, int out, int stride,
                                Shortcut shortcut, double noiseScale) {
        g.add(p + "bn1", new BatchNorm(in), x);
        String activated = g.add(p + "relu1", new Activation(spec.hidden(Nonlinearity.RELU)));
        g.add(p + "conv1", new Conv(in, out, 3, stride, 1, false));
        g.add(p + "bn2", new BatchNorm(out));
        g.add(p + "relu2", new Activation(spec.hidden(Nonlinearity.RELU)));
        String residual = g.add(p + "conv2", new Conv(out, out, 3, 1, 1, false));
        String sc = stride == 1 && in == out ? x : ResidualShortcuts.add(g, p, activated, in, out, stride, shortcut);
        String sum = g.add(p + "add", new Add(), residual, sc);
        if (noiseScale <= 0) return sum;
        return g.add(p + "noise", new Noise(noiseScale, EnResNet20.noiseSeed(spec.seed(), p)), sum);
    }
}
