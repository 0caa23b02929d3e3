package lowbit.engine.dl4j.layers;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The activations {@link NativeBatchNormLayer} applies to its own output. Each one's derivative at x equals its
 * derivative at f(x) (ReLU: f(x) > 0 iff x > 0; ReLU6: 0 < f(x) < 6 iff 0 < x < 6; the binary step's
 * straight-through ReLU derivative: f(x) = 1 iff x > 0), so backprop masks the gradient by the stored output
 * instead of recomputing or keeping the pre-activation.
 */
enum FusedActivation {
    IDENTITY(null),
    RELU("relu_bp"),
    RELU6("relu6_bp"),
    BINARY_STEP("relu_bp");

    private final String backwardOp;

    FusedActivation(String backwardOp) {
        this.backwardOp = backwardOp;
    }

    /** The supported kind of {@code fn}, or an exception naming it. */
    static FusedActivation of(IActivation fn) {
        if (fn == null || fn instanceof ActivationIdentity) return IDENTITY;
        if (fn instanceof ActivationReLU r && r.getMax() == null && isZeroOrUnset(r.getThreshold())
                && isZeroOrUnset(r.getNegativeSlope())) {
            return RELU;
        }
        if (fn instanceof ActivationReLU6) return RELU6;
        if (fn instanceof BinaryStepActivation) return BINARY_STEP;
        throw new IllegalArgumentException("native batch norm applies identity, ReLU, ReLU6 or the binary step, not " + fn
                + "; add an activation layer after it");
    }

    /** dL/dx from dL/df and the stored output f(x), written to {@code into}; identity returns epsilon itself. */
    INDArray backprop(INDArray output, INDArray epsilon, INDArray into) {
        if (backwardOp == null) return epsilon;
        NativeOps.exec(backwardOp, new INDArray[] {output, epsilon}, new INDArray[] {into}, new int[0]);
        return into;
    }

    private static boolean isZeroOrUnset(Double v) {
        return v == null || v == 0.0;
    }
}
