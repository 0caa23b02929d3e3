/**
 * Post-training quantization of any {@link lowbit.engine.TrainableModel} through its views (the math is in
 * {@link lowbit.quant}). Choices [design]:
 * <ul>
 *   <li>Quantized: every CONV_WEIGHT, DEPTHWISE_WEIGHT and DENSE_WEIGHT view of the plan, symmetric b-bit,
 *       round to nearest, scale max|W| / n per tensor or per output channel (a depthwise weight has one
 *       channel per (input channel, multiplier)). Biases and batch-norm parameters stay float32; activations too
       unless a cell asks for activation bits (below).</li>
 *   <li>Batch-norm folding happens before quantization, so the folded weights are what gets quantized. A batch
 *       norm folds when the engine reports it in {@link lowbit.engine.TrainableModel#foldableBatchNorms()}: its
 *       only input is a conv or depthwise conv with identity activation that feeds nothing else (ResNet's and
 *       MobileNet's conv -> BN, the original MobileNet block's depthwise -> BN). BN after an activation, a
 *       pre-activation BN (its input is an addition) or BN after a dense layer are not folded.</li>
 *   <li>The network keeps its batch-norm layers: after folding, beta holds the folded bias and gamma, mean, var
 *       are the constants sqrt(1 + eps), 0, 1 (the layer then adds beta), and a conv bias, already folded in,
 *       is 0. The constant views are listed in {@link lowbit.ptq.QuantizedModel#constantViews()}; the packed
 *       export stores one float for each.</li>
 *   <li>Activations (optional, {@link lowbit.ptq.PostTrainingQuantization#calibrateActivations}), as TensorFlow Lite's
 *       integer pipeline stores them ({@link lowbit.ptq.ActivationSites}): asymmetric b-bit per tensor
 *       ({@link lowbit.quant.AsymmetricQuantizer}), quantized are the network input and the output of every node
 *       that computes new values (convolution, dense, batch norm, addition, average pooling) or is an activation,
 *       except (a) a convolution whose batch norm is folded into it and (b) a node whose only reader is an
 *       activation: both are fused into the op after them, so the batch norm's or activation's output is what gets
 *       quantized. Max pooling, subsampling, channel slices, concatenation and zeros are not re-quantized (their
 *       values are already on their inputs' grids, as TFLite gives them their input's parameters), and the network
 *       output (class probabilities) stays float. So the original MobileNet block quantizes dw_act and pw_act, the
 *       quantization-friendly one dw (its linear depthwise output) and pw_act, LeNet its input, conv1, conv2, fc1.</li>
 *   <li>Calibration: each quantized tensor's min and max over float inference passes of the weight-quantized,
 *       BN-folded model on calibration batches (a sweep cell: the first lowbit.experiment.calibration-images images
 *       of its training split in shard order), widened to contain 0 so that 0 is exact. TFLite calibrates the float
 *       graph; at 8-bit weights the ranges hardly differ, and at fewer bits these are the ranges the model has.</li>
 * </ul>
 */
package lowbit.ptq;
