package lowbit.model;

/** The nonlinearity of a zoo model's hidden layers (model option {@code activation}). */
public enum HiddenActivation {
    /** Each model's own: ReLU, or ReLU6 in the original MobileNetV1. */
    DEFAULT,
    /** 1{x > 0} with the straight-through ReLU derivative in place of every ReLU and ReLU6. */
    BINARY
}
