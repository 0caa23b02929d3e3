package lowbit.robust;

/** The gradient of the loss an attack increases, with respect to a batch of [0, 1] pixels (same layout). */
@FunctionalInterface
public interface LossGradient {

    float[] at(float[] pixels);
}
