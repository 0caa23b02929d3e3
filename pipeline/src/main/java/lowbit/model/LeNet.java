package lowbit.model;

import lowbit.engine.dl4j.Dl4jModel;
import org.nd4j.linalg.activations.Activation;

/**
 * Caffe/DL4J-style LeNet as in bench/pytorch/models.py: conv5x5(20) -> maxpool2 -> conv5x5(50) -> maxpool2
 * -> fc500 + ReLU -> fc(classes), no activation after the convolutions. 431,080 parameters on 28x28x1 with
 * 10 classes. Views: conv1/W [20,1,5,5], conv1/b, conv2/W [50,20,5,5], conv2/b, fc1/W [500,800], fc1/b,
 * fc2/W [classes,500], fc2/b.
 */
public final class LeNet {

    private LeNet() {
    }

    public static Dl4jModel build(ModelSpec spec) {
        GraphAssembler g = new GraphAssembler(spec);
        g.layer("conv1", Layers.conv(20, 5, 1, 0, true));
        g.layer("pool1", Layers.maxPool(2));
        g.layer("conv2", Layers.conv(50, 5, 1, 0, true));
        g.layer("pool2", Layers.maxPool(2));
        g.layer("fc1", Layers.dense(500, Activation.RELU));
        return g.build(g.layer("fc2", Layers.softmaxClassifier(spec.classes())));
    }

    /** The 28x28x1, 10-class configuration (MNIST, Fashion-MNIST). */
    public static Dl4jModel mnist(long seed) {
        return build(ModelSpec.of(seed, 1, 28, 28, 10));
    }
}
