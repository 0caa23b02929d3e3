package lowbit.model.graph;

/**
 * A batch norm that can be folded into the layer before it: the layer is a conv or depthwise conv with
 * identity activation whose only consumer is the batch norm, so W'_c = gamma_c W_c / sqrt(var_c + eps).
 *
 * @param layer     name of the conv / depthwise layer (prefix of its views' names)
 * @param batchNorm name of the batch-norm layer
 * @param eps       the batch norm's epsilon
 */
public record BatchNormFold(String layer, String batchNorm, double eps) {
}
