package lowbit.model.graph;

/** An elementwise function after a layer. */
public enum Nonlinearity {
    IDENTITY,
    RELU,
    /** min(max(x, 0), 6), as MobileNet's original block. */
    RELU6,
    /** 1{x > 0} forward, ReLU's derivative backward (straight-through): the zoo option {@code activation=binary}. */
    BINARY_STEP
}
