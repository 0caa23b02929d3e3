/**
 * The model zoo, built through {@link lowbit.model.Layers} (one factory per layer kind): convolutions and batch norm
 * are the native layers of {@link lowbit.model.layers} (libnd4j ops), or DL4J's stock ones with {@code -Dlowbit.layers=stock}.
 * Design choices where the references are silent or differ:
 * <ul>
 * <li>Every model is a ComputationGraph ending in softmax + cross-entropy; forward returns probabilities.</li>
 * <li>Initialization: He normal (fan-in) for convolutions and hidden dense layers, Xavier for the classifier,
 *     zero biases, BN gamma 1 / beta 0; BN eps 1e-5, running-average momentum 0.1 as in PyTorch.</li>
 * <li>Pre-activation ResNet-20 / EnResNet-20 default to option-A (zero-pad) shortcuts like ResNet-20; the
 *     EnResNet authors' 1x1 projections are {@link lowbit.model.Shortcut#PROJECTION}.</li>
 * <li>EnResNet noise is applied in inference too (ALGORITHMS.md), from per-block generators seeded by the model
 *     seed, so every worker replays the same noise sequence; a trainer wanting other noise per worker must
 *     build each worker's model with its own seed.</li>
 * <li>The quantization-friendly MobileNet block drops the depthwise bias and uses ReLU everywhere.</li>
 * </ul>
 */
package lowbit.model;
