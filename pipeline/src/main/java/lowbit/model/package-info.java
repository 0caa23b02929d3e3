/**
 * The model zoo, defined once for both engines as {@link lowbit.model.graph.ModelGraph}s ({@link lowbit.model.ModelZoo}
 * by name and options; LeNet, ResNet-20, pre-activation ResNet-20, EnResNet-20, MobileNetV1). Design choices where the
 * references are silent or differ:
 * <ul>
 * <li>Every model ends in logits whose softmax and cross-entropy the engine computes; forward returns probabilities.</li>
 * <li>Initialization: He normal (fan-in) for convolutions and hidden dense layers, Xavier for classifiers, zero biases,
 *     BN gamma 1 / beta 0; BN eps 1e-5, running-average momentum 0.1 as in PyTorch.</li>
 * <li>Pre-activation ResNet-20 / EnResNet-20 default to option-A (zero-pad) shortcuts like ResNet-20; the EnResNet
 *     authors' 1x1 projections are {@link lowbit.model.Shortcut#PROJECTION}.</li>
 * <li>EnResNet noise is applied in inference too, from per-block generators seeded by the model seed, so every worker
 *     replays the same noise sequence; a trainer wanting other noise per worker must build each worker's model with
 *     its own seed.</li>
 * <li>The quantization-friendly MobileNet block drops the depthwise batch norm and uses ReLU everywhere.</li>
 * </ul>
 */
package lowbit.model;
