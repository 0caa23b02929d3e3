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
 * fc2/W [classes,500], fc2/b. Option alpha (1.0), a width multiplier as MobileNet's, scales the 20, 50 and 500 channels and
 * units (each rounded, at least 1): alpha=0.5 is 10, 25 and 250, about a quarter of the parameters, for devices that
 * cannot hold 431 K weights.
 */
public final class LeNet {

    private LeNet() {
    }

    /** The zoo's entry; option: alpha (1.0). */
    public static ModelGraph graph(ModelSpec spec, ModelOptions options) {
        double alpha = options.getDouble("alpha", 1.0);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("lenet option alpha must be a positive number, not " + alpha);
        }
        return graph(spec, alpha);
    }

    public static ModelGraph graph(ModelSpec spec) {
        return graph(spec, 1.0);
    }

    static ModelGraph graph(ModelSpec spec, double alpha) {
        int conv1 = scaled(20, alpha);
        int conv2 = scaled(50, alpha);
        int fc1 = scaled(500, alpha);
        ModelGraph.Builder g = new ModelGraph.Builder(spec.inputShape(), spec.seed());
        g.add("conv1", new Conv(spec.channels(), conv1, 5, 1, 0, true));
        g.add("pool1", new MaxPool(2));
        g.add("conv2", new Conv(conv1, conv2, 5, 1, 0, true));
        String pool = g.add("pool2", new MaxPool(2));
        g.add("fc1", new Dense(g.shape(pool).size(), fc1, spec.hidden(Nonlinearity.RELU)));
        g.add("fc2", Dense.classifier(fc1, spec.classes()));
        return g.build();
    }

    private static int scaled(int channels, double alpha) {
        return Math.max(1, (int) Math.round(channels * alpha));
    }

    /** The 28x28x1, 10-class configuration (MNIST, Fashion-MNIST). */
    public static ModelGraph mnist(long seed) {
        return graph(ModelSpec.of(seed, 1, 28, 28, 10));
    }
}
