package lowbit.model;

import lowbit.model.layers.BinaryStepActivation;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;

/** The nonlinearity of a zoo model's hidden layers (model option {@code activation}). */
public enum HiddenActivation {
    /** Each model's own: ReLU, or ReLU6 in the original MobileNetV1. */
    DEFAULT,
    /** {@link BinaryStepActivation} (1{x > 0}, straight-through backward) in place of every ReLU and ReLU6. */
    BINARY;

    /** The layer as this choice wants it: a ReLU or ReLU6 layer or activation is replaced, anything else kept. */
    Layer apply(Layer layer) {
        if (this == BINARY) {
            if (layer instanceof BaseLayer b && isRelu(b.getActivationFn())) {
                b.setActivationFn(new BinaryStepActivation());
            } else if (layer instanceof ActivationLayer a && isRelu(a.getActivationFn())) {
                a.setActivationFn(new BinaryStepActivation());
            }
        }
        return layer;
    }

    private static boolean isRelu(IActivation fn) {
        return fn instanceof ActivationReLU || fn instanceof ActivationReLU6;
    }
}
