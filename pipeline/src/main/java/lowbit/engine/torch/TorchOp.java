package lowbit.engine.torch;

import org.bytedeco.pytorch.Tensor;

/** One node of a {@link TorchNet}: a graph op's computation on libtorch ({@link TorchLayers#of}). */
interface TorchOp {

    /**
     * @param inputs    outputs of the node's input nodes
     * @param params    the node's trainable tensors, in its op's parameter order (state excluded)
     * @param state     the node's state tensors (batch-norm running mean and variance), updated in place when training
     * @param training  training mode: batch statistics for batch norm
     * @param overwrite the op may write its output over its (only) input: nothing else reads that input
     */
    Tensor apply(Tensor[] inputs, Tensor[] params, Tensor[] state, boolean training, boolean overwrite);

    /**
     * Whether {@link #apply} in this mode also takes and returns tensors in oneDNN's own layout (libtorch's MkldnnCPU
     * kernels, in training with their backward kernels), so that {@link TorchNet} can keep a chain of such ops in that
     * layout.
     */
    default boolean onOneDnnLayout(boolean training) {
        return false;
    }
}
