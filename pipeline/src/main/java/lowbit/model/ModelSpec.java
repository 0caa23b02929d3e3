package lowbit.model;

import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Shape;

/**
 * What every zoo builder needs: the seed (weight initialization and noise), the NCHW input shape of one example, the
 * number of classes and the hidden layers' nonlinearity.
 */
public record ModelSpec(long seed, int channels, int height, int width, int classes, HiddenActivation activation) {

    public ModelSpec {
        if (channels <= 0 || height <= 0 || width <= 0 || classes < 2) {
            throw new IllegalArgumentException("bad model spec " + channels + "x" + height + "x" + width + ", " + classes + " classes");
        }
    }

    public static ModelSpec of(long seed, int channels, int height, int width, int classes) {
        return new ModelSpec(seed, channels, height, width, classes, HiddenActivation.DEFAULT);
    }

    public ModelSpec withActivation(HiddenActivation hidden) {
        return new ModelSpec(seed, channels, height, width, classes, hidden);
    }

    public Shape inputShape() {
        return Shape.image(channels, height, width);
    }

    /** A hidden layer's nonlinearity as this spec wants it: ReLU and ReLU6 become the binary step under {@code activation=binary}. */
    public Nonlinearity hidden(Nonlinearity f) {
        return activation == HiddenActivation.BINARY && (f == Nonlinearity.RELU || f == Nonlinearity.RELU6) ? Nonlinearity.BINARY_STEP : f;
    }
}
