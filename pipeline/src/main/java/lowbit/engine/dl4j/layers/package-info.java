/**
 * Custom DL4J layers of the DL4J engine ({@link lowbit.engine.dl4j.Dl4jNetworks} builds graphs with them). Design choices:
 * <ul>
 * <li>The native layers ({@link lowbit.engine.dl4j.layers.NativeConvolution}, {@link lowbit.engine.dl4j.layers.NativeDepthwiseConvolution},
 *     {@link lowbit.engine.dl4j.layers.NativeBatchNorm}, {@link lowbit.engine.dl4j.layers.NativePooling}) extend DL4J's stock configurations, so parameters, their flat layout,
 *     initialization, updater rules (batch norm's running statistics) and JSON fields stay those of the stock layer;
 *     only the runtime differs: forward and backward are single libnd4j custom ops (oneDNN kernels with the
 *     {@code -onednn} natives, generic kernels in double precision).</li>
 * <li>NCHW only. A linear convolution does not recompute its forward pass in backprop (DL4J's do). Where oneDNN 2.3's
 *     {@code conv2d_bp} was measured slow (oneDNN natives, float, stride 1, few input channels, large maps) the backward is {@code deconv2d}
 *     plus the weight gradient as a forward {@code conv2d} ({@code ConvolutionBackprop.runSplit}).</li>
 * <li>Batch norm applies its activation (DL4J's silently ignores one): identity by default, or ReLU, ReLU6 or the
 *     binary step in place on its output, whose derivative mask backprop takes from that output (no recomputation);
 *     anything else is rejected. The activation's vertex stays as a pass-through ({@link PassThroughPreProcessor}),
 *     so names and parameter order equal those of the model graph's batch norm + activation nodes.
 *     Batch statistics come in two passes (mean, then mean squared deviation) from rows of the contiguous
 *     [N*C, H*W] view, kept for backprop.</li>
 * <li>{@link lowbit.engine.dl4j.layers.NativePooling} calls the same libnd4j ops as DL4J's SubsamplingLayer (maxpool2d /
 *     avgpool2d and their _bp) with its output shape computed in Java instead of by a native shape call.</li>
 * <li>Not SameDiffLayer: its gradients are exactly 2x too large in M2.</li>
 * </ul>
 */
package lowbit.engine.dl4j.layers;
