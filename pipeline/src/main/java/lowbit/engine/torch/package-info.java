/**
 * The libtorch engine ({@code lowbit.train.engine = torch}, the default): {@link lowbit.engine.torch.TorchModel} runs
 * the zoo's {@link lowbit.model.graph.ModelGraph}s on libtorch's CPU kernels through the JavaCPP presets, each graph op
 * by its libtorch implementation ({@code TorchLayers}), with the graph's parameter views, so parameters and batch-norm
 * state move between the engines unchanged.
 *
 * <p>Why {@code org.bytedeco:pytorch:1.10.2-1.5.7} beside DL4J 1.0.0-M2, and what that was checked for:
 * docs/decisions/torch-presets.md.
 *
 * <h2>Design</h2>
 * Parameters, gradients and batch-norm state are three flat native tensors; each layer's weights are leaf tensors
 * aliasing slices of the parameter tensor, and their gradients alias slices of the gradient tensor, so backward
 * writes the flat gradient in place and {@code parameters()} / {@code gradients()} are one copy each. The
 * networks are interpreted node by node ({@link lowbit.engine.torch.TorchNet}) with libtorch's functional ops, in the
 * graph's run order. EnResNet's noise layers each own a libtorch CPU generator
 * (a clone of the default one, reseeded), so no global random state is shared between models or threads.
 * Batch norm follows the DL4J zoo: running variance from the biased batch variance, decay 0.9. Inference that needs
 * only the predictions folds each batch norm into the convolution before it; inference and training keep activations
 * in oneDNN's blocked layout where that saves layout conversions ({@code TorchNet}). Intra-op threads:
 * {@code lowbit.train.engine-threads}, else OMP_NUM_THREADS, else every core, set on the calling thread at each call
 * (OpenMP keeps the setting per thread); libtorch's OpenBLAS always runs on the calling thread ({@code TorchThreads}).
 */
package lowbit.engine.torch;
