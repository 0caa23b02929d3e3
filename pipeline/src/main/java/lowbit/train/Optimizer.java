package lowbit.train;

/** Updates a flat parameter buffer in place from the gradient of the mean loss (plus regularizers). */
public interface Optimizer {

    void step(float[] params, float[] grad, double lr);

    OptimizerState state();

    /** Continues from a state written by {@link #state()} of the same kind and size. */
    void restore(OptimizerState state);

    static void requireKind(OptimizerState state, String kind, int buffers, int length) {
        if (!state.kind().equals(kind) || state.buffers().size() != buffers
                || (buffers > 0 && state.buffers().get(0).length != length)) {
            throw new IllegalArgumentException("optimizer state of " + state.kind() + " with " + state.buffers().size()
                    + " buffers does not fit " + kind + " over " + length + " parameters");
        }
    }
}
