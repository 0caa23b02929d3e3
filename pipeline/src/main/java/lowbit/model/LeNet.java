package lowbit.model;

import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.MaxPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Nonlinearity;

/**
 * Caffe/DL4J-style LeNet as in bench/pytorch/models.py: conv5x5(20) -> maxpool2 -> conv5x5(50) -> maxpool2
 * -> fc500 + ReLU -> fc(classes), no activation after the convolutions. 431,080 parameters on 28x28x1 with
 * 10 classes. Views: conv1/W [20,1,5,5], conv1/b, conv2/W [50,20,5,5], conv2/b, fc1/W [500,800], fc1/b,
 * fc2/W [classes,500], fc2/b.
 */
public final class LeNet {

    private LeNet() {
    }

    /** The zoo's entry: LeNet has no options of its own. */
    public static ModelGraph graph(ModelSpec spec, ModelOptions options) {
        return graph(spec);
    }

    public static ModelGraph graph(ModelSpec spec) {
        ModelGraph.Builder g = new ModelGraph.Builder(spec.inputShape(), spec.seed());
        g.add("conv1", new Conv(spec.channels(), 20, 5, 1, 0, true));
        g.add("pool1", new MaxPool(2));
        g.add("conv2", new Conv(20, 50, 5, 1, 0, true));
        String pool = g.add("pool2", new MaxPool(2));
        g.add("fc1", new Dense(g.shape(pool).size(), 500, spec.hidden(Nonlinearity.RELU)));
        g.add("fc2", Dense.classifier(500, spec.classes()));
        return g.build();
    }

    /** The 28x28x1, 10-class configuration (MNIST, Fashion-MNIST). */
    public static ModelGraph mnist(long seed) {
        return graph(ModelSpec.of(seed, 1, 28, 28, 10));
    }
}
