package lowbit.model;

/** How a residual block maps its input to the output shape when the block changes resolution or width. */
public enum Shortcut {
    /** He et al. 2016 CIFAR option A: parameter-free stride subsample plus zero channels (models.py). */
    ZERO_PAD,
    /** 1x1 convolution with the block's stride, no bias, no batch norm (the EnResNet authors' code). */
    PROJECTION
}
