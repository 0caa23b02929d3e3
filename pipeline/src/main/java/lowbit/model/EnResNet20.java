package lowbit.model;

import lowbit.model.graph.Average;
import lowbit.model.graph.Dense;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.SoftmaxOutput;

/**
 * EnResNet-20 (Wang et al., Feynman-Kac ensemble ResNet): {@code members} pre-activation ResNet-20s, each with
 * {@code out + noiseScale * std(out) * N(0, I)} after every residual block (in training and inference), trained jointly
 * on the cross-entropy of their averaged logits. Member k's nodes are prefixed "m{k}."; its classifier is m{k}.fc.
 * Parameters: members x 269,722 ({@link Shortcut#ZERO_PAD}) or members x 272,282 ({@link Shortcut#PROJECTION}, the
 * authors' code). The noise of each block has its own generator seeded from the model seed and the block's name.
 */
public final class EnResNet20 {

    /** The authors' defaults: two members (En2), noise coefficient 0.1. */
    public static final int DEFAULT_MEMBERS = 2;
    public static final double DEFAULT_NOISE = 0.1;

    private EnResNet20() {
    }

    /** The seed of the noise generator after the residual block whose nodes are prefixed {@code blockPrefix} (e.g. "m0.s1b1."). */
    public static long noiseSeed(long modelSeed, String blockPrefix) {
        return modelSeed * 1_000_003L + (blockPrefix.hashCode() & 0xffffffffL);
    }

    /** The zoo's entry; options: members (2), noise (0.1), shortcut (zero-pad | projection). */
    public static ModelGraph graph(ModelSpec spec, ModelOptions options) {
        return graph(spec, options.getInt("members", DEFAULT_MEMBERS), options.getDouble("noise", DEFAULT_NOISE),
                options.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
    }

    public static ModelGraph graph(ModelSpec spec, int members, double noiseScale, Shortcut shortcut) {
        if (members < 1) throw new IllegalArgumentException("members " + members);
        ModelGraph.Builder g = new ModelGraph.Builder(spec.inputShape(), spec.seed());
        String[] logits = new String[members];
        for (int k = 0; k < members; k++) {
            String features = PreActResNet20.addFeatures(g, spec, "m" + k + ".", shortcut, noiseScale);
            logits[k] = g.add("m" + k + ".fc", Dense.classifier(ResNetStages.outputWidth(), spec.classes()), features);
        }
        String mean = members == 1 ? logits[0] : g.add("average", new Average(), logits);
        g.add("softmax", new SoftmaxOutput(), mean);
        return g.build();
    }
}
