/**
 * Post-training quantization of any {@link lowbit.engine.TrainableModel} through its views (the math is in
 * {@link lowbit.quant}). Choices [design]:
 * <ul>
 *   <li>Quantized: every CONV_WEIGHT, DEPTHWISE_WEIGHT and DENSE_WEIGHT view of the plan, symmetric b-bit,
 *       round to nearest, scale max|W| / n per tensor or per output channel (a depthwise weight has one
 *       channel per (input channel, multiplier)). Biases, batch-norm parameters and activations stay float32.</li>
 *   <li>Batch-norm folding happens before quantization, so the folded weights are what gets quantized. A batch
 *       norm folds when the engine reports it in {@link lowbit.engine.TrainableModel#foldableBatchNorms()}: its
 *       only input is a conv or depthwise conv with identity activation that feeds nothing else (ResNet's and
 *       MobileNet's conv -> BN, the original MobileNet block's depthwise -> BN). BN after an activation, a
 *       pre-activation BN (its input is an addition) or BN after a dense layer are not folded.</li>
 *   <li>The network keeps its batch-norm layers: after folding, beta holds the folded bias and gamma, mean, var
 *       are the constants sqrt(1 + eps), 0, 1 (the layer then adds beta), and a conv bias, already folded in,
 *       is 0. The constant views are listed in {@link lowbit.ptq.QuantizedModel#constantViews()}; the packed
 *       export stores one float for each.</li>
 * </ul>
 */
package lowbit.ptq;
