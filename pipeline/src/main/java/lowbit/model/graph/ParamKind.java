package lowbit.model.graph;

/** What a named slice of a model's flat parameter or state buffer holds. */
public enum ParamKind {
    CONV_WEIGHT,
    DEPTHWISE_WEIGHT,
    DENSE_WEIGHT,
    BIAS,
    BN_GAMMA,
    BN_BETA,
    /** Batch-norm running mean: state, not trained by gradients. */
    BN_MEAN,
    /** Batch-norm running variance: state, not trained by gradients. */
    BN_VAR;

    public boolean isWeight() {
        return this == CONV_WEIGHT || this == DEPTHWISE_WEIGHT || this == DENSE_WEIGHT;
    }
}
