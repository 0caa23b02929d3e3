package lowbit.model;

/** The depthwise-separable block of MobileNetV1. */
public enum SeparableBlock {
    /** Howard et al.: DW3x3 -> BN -> ReLU6 -> PW1x1 -> BN -> ReLU6. */
    ORIGINAL,
    /**
     * Sheng et al. 2018 quantization-friendly: DW3x3 (linear, no BN, no bias) -> PW1x1 -> BN -> ReLU.
     * A depthwise bias would be absorbed by the pointwise layer's BN, so none is kept; ReLU replaces ReLU6
     * everywhere, the stem included. Their L2 decay on depthwise weights is the trainer's job (kind DEPTHWISE_WEIGHT).
     */
    QUANT_FRIENDLY
}
