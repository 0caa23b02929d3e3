package lowbit.quant;

/** Weights and bias of a layer after batch norm has been folded into it. */
public record FoldedWeights(float[] weights, float[] bias) {
}
