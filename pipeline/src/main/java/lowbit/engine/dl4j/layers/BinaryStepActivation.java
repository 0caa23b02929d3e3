package lowbit.engine.dl4j.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binarized activation sigma(x) = 1{x > 0} with the straight-through coarse gradient of RVSCGD (docs/methods.md):
 * backward passes dL/dsigma times the ReLU derivative 1{x > 0} instead of sigma' = 0. It has no
 * fields, so DL4J's JSON stores just its class name and the no-argument constructor restores it.
 */
public class BinaryStepActivation extends BaseActivationFunction {

    /** 1{x > 0}, in place like DL4J's own activations. */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        Nd4j.getExecutioner().exec(new Step(in, in, 0.0));
        return in;
    }

    /** dL/dx = dL/dsigma * 1{x > 0}, written over {@code in}. */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        Nd4j.getExecutioner().exec(new Step(in, in, 0.0));
        return new Pair<>(in.muli(epsilon), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryStepActivation;
    }

    @Override
    public int hashCode() {
        return BinaryStepActivation.class.hashCode();
    }

    @Override
    public String toString() {
        return "binarystep";
    }
}
