package lowbit.model;

import lowbit.model.graph.Activation;
import lowbit.model.graph.Add;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Nonlinearity;

/**
 * CIFAR ResNet-20 of He et al. 2016 as in bench/pytorch/models.py: conv3x3(16)-BN-ReLU, 3 stages x 3 basic
 * blocks (conv3x3-BN-ReLU-conv3x3-BN, + shortcut, ReLU) of widths 16/32/64, global average pool, dense classifier.
 * Convolutions have no bias; shortcuts are parameter-free option A ({@link Shortcut#ZERO_PAD}).
 * 269,722 trainable parameters for 10 classes. Node names: conv, bn, relu, s{stage}b{block}.conv1 ... pool, fc.
 */
public final class ResNet20 {

    private ResNet20() {
    }

    /** The zoo's entry: ResNet-20 has no options of its own. */
    public static ModelGraph graph(ModelSpec spec, ModelOptions options) {
        return graph(spec);
    }

    public static ModelGraph graph(ModelSpec spec) {
        ModelGraph.Builder g = new ModelGraph.Builder(spec.inputShape(), spec.seed());
        g.add("conv", new Conv(spec.channels(), 16, 3, 1, 1, false));
        g.add("bn", new BatchNorm(16));
        String stem = g.add("relu", new Activation(spec.hidden(Nonlinearity.RELU)));
        String body = ResNetStages.stack("", stem, (p, x, in, out, stride) -> basicBlock(g, spec, p, x, in, out, stride));
        g.add("pool", new GlobalAvgPool(), body);
        g.add("fc", Dense.classifier(ResNetStages.outputWidth(), spec.classes()));
        return g.build();
    }

    /** The 32x32x3, 10-class configuration (CIFAR-10). */
    public static ModelGraph cifar10(long seed) {
        return graph(ModelSpec.of(seed, 3, 32, 32, 10));
    }

    private static String basicBlock(ModelGraph.Builder g, ModelSpec spec, String p, String x, int in, int out, int stride) {
        g.add(p + "conv1", new Conv(in, out, 3, stride, 1, false), x);
        g.add(p + "bn1", new BatchNorm(out));
        g.add(p + "relu1", new Activation(spec.hidden(Nonlinearity.RELU)));
        g.add(p + "conv2", new Conv(out, out, 3, 1, 1, false));
        String residual = g.add(p + "bn2", new BatchNorm(out));
        String shortcut = ResidualShortcuts.add(g, p, x, in, out, stride, Shortcut.ZERO_PAD);
        g.add(p + "add", new Add(), residual, shortcut);
        return g.add(p + "relu2", new Activation(spec.hidden(Nonlinearity.RELU)));
    }
}
