package lowbit.model;

import lowbit.engine.dl4j.Dl4jModel;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;

/**
 * CIFAR ResNet-20 of He et al. 2016 as in bench/pytorch/models.py: conv3x3(16)-BN-ReLU, 3 stages x 3 basic
 * blocks (conv3x3-BN-ReLU-conv3x3-BN, + shortcut, ReLU) of widths 16/32/64, global average pool, dense classifier.
 * Convolutions have no bias; shortcuts are parameter-free option A ({@link Shortcut#ZERO_PAD}).
 * 269,722 trainable parameters for 10 classes. Vertex names: conv, bn, s{stage}b{block}.conv1 ... fc. With the native
 * layers the ReLUs after bn and bn1 are applied by those batch-norm layers (relu, relu1 pass their input through);
 * relu2, after the residual add, is always a layer of its own.
 */
public final class ResNet20 {

    private ResNet20() {
    }

    public static Dl4jModel build(ModelSpec spec) {
        GraphAssembler g = new GraphAssembler(spec);
        g.layer("conv", Layers.conv(16, 3, 1, 1, false));
        String stem = g.batchNormThen("bn", Activation.RELU, "relu");
        String body = ResNetStages.stack("", stem, (p, x, in, out, stride) -> basicBlock(g, p, x, in, out, stride));
        g.layer("pool", Layers.globalAveragePool(), body);
        return g.build(g.layer("fc", Layers.softmaxClassifier(spec.classes())));
    }

    /** The 32x32x3, 10-class configuration (CIFAR-10). */
    public static Dl4jModel cifar10(long seed) {
        return build(ModelSpec.of(seed, 3, 32, 32, 10));
    }

    private static String basicBlock(GraphAssembler g, String p, String x, int in, int out, int stride) {
        g.layer(p + "conv1", Layers.conv(out, 3, stride, 1, false), x);
        g.batchNormThen(p + "bn1", Activation.RELU, p + "relu1");
        g.layer(p + "conv2", Layers.conv(out, 3, 1, 1, false));
        String residual = g.layer(p + "bn2", Layers.batchNorm());
        String shortcut = ResidualShortcuts.add(g, p, x, in, out, stride, Shortcut.ZERO_PAD);
        g.vertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), residual, shortcut);
        return g.layer(p + "relu2", Layers.relu());
    }
}
