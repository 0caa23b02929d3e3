package lowbit.model.layers;

import java.util.Map;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The backward pass shared by the convolution kinds: one libnd4j {@code *_bp} op writing into the gradient views. */
final class ConvolutionBackprop {

    static final String WEIGHT_KEY = "W";
    static final String BIAS_KEY = "b";

    private ConvolutionBackprop() {
    }

    /**
     * @param bias null without bias
     * @param delta gradient with respect to the layer's pre-activation output
     * @return the parameter gradients and the gradient with respect to {@code input}
     */
    static Pair<Gradient, INDArray> run(String op, INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                        Map<String, INDArray> gradientViews, int[] args, LayerWorkspaceMgr workspaceMgr) {
        INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, weights.dataType(), input.shape(), 'c');
        INDArray weightGrad = gradientViews.get(WEIGHT_KEY);
        Gradient gradient = new DefaultGradient();
        if (bias != null) {
            INDArray biasGrad = gradientViews.get(BIAS_KEY);
            NativeOps.exec(op, new INDArray[] {input, weights, bias, delta}, new INDArray[] {inputGrad, weightGrad, biasGrad}, args);
            gradient.setGradientFor(BIAS_KEY, biasGrad);
        } else {
            NativeOps.exec(op, new INDArray[] {input, weights, delta}, new INDArray[] {inputGrad, weightGrad}, args);
        }
        gradient.setGradientFor(WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(gradient, inputGrad);
    }
}
