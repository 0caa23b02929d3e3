package lowbit.train.dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves DL4J parameters (often 'f'-order views into the flat parameter vector) to and from C-order
 * float[] in logical index order.
 */
public final class Dl4jWeights {
    private Dl4jWeights() {
    }

    public static float[] toFloats(INDArray param) {
        float[] values = param.dup('c').data().asFloat();
        if (values.length != param.length()) {
            throw new IllegalStateException("copy of " + param.length() + " values has " + values.length);
        }
        return values;
    }

    /**
     * A parameter's values in the order of DL4J's flat parameter vector. DL4J's updater hands regularizations
     * [1, n] views of that vector, and the parameter arrays themselves are reshapes of it in their own ordering: read
     * in the array's own ordering, both give the flat order.
     */
    public static float[] inFlatOrder(INDArray param) {
        float[] values = param.dup(param.ordering()).data().asFloat();
        if (values.length != param.length()) {
            throw new IllegalStateException("copy of " + param.length() + " values has " + values.length);
        }
        return values;
    }

    /** target += values, with values in the flat order ({@link #inFlatOrder}). */
    public static void addInFlatOrder(INDArray target, float[] values) {
        target.addi(inTargetOrder(values, target));
    }

    /** target = values, with values in the flat order ({@link #inFlatOrder}). */
    public static void assignInFlatOrder(INDArray target, float[] values) {
        target.assign(inTargetOrder(values, target));
    }

    private static INDArray inTargetOrder(float[] values, INDArray target) {
        if (values.length != target.length()) {
            throw new IllegalArgumentException(values.length + " values for a parameter of shape "
                    + Arrays.toString(target.shape()));
        }
        return Nd4j.create(values, target.shape(), target.ordering()).castTo(target.dataType());
    }
}
