package lowbit.engine.torch;

import java.util.List;

import lowbit.engine.GraphNode;
import lowbit.engine.ParamKind;
import org.bytedeco.pytorch.Tensor;

/** One node of a {@link TorchNet}: a libtorch computation on its inputs with its own parameters and state. */
interface TorchOp {

    /**
     * A parameter or batch-norm state slice of this op, in the order of DL4J's flat vector for the same layer;
     * initialized to {@code fill + std * N(0, 1)}.
     */
    record Param(String key, ParamKind kind, int[] shape, int outAxis, float fill, double std) {

        boolean isState() {
            return kind == ParamKind.BN_MEAN || kind == ParamKind.BN_VAR;
        }
    }

    default List<Param> params() {
        return List.of();
    }

    /**
     * @param inputs   outputs of the node's input nodes
     * @param params   this op's trainable tensors, in {@link #params()} order (state excluded)
     * @param state    this op's state tensors (batch-norm running mean and variance), updated in place when training
     * @param training training mode: batch statistics for batch norm
     * @param overwrite the op may write its output over its (only) input: nothing else reads that input
     */
    Tensor apply(Tensor[] inputs, Tensor[] params, Tensor[] state, boolean training, boolean overwrite);

    /** A linear layer whose output a following batch norm can be folded into. */
    default boolean foldsBatchNorm() {
        return false;
    }

    /** What the op does to values, for activation quantization. */
    default GraphNode.Role role() {
        return GraphNode.Role.COMPUTE;
    }

    default boolean isBatchNorm() {
        return false;
    }
}
