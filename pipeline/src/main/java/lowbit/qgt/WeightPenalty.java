package lowbit.qgt;

import lowbit.tensor.ChannelLayout;

/** A differentiable penalty R(W) on one weight tensor, with per-channel quantization scales. */
public interface WeightPenalty {

    /** R(W) and dR/dw from one computation of the grid. */
    record ValueAndGradient(double value, float[] gradient) {
    }

    /** R(W) and dR/dw, the grid (and its scale, recomputed from w) treated as a constant. */
    ValueAndGradient valueAndGradient(float[] w, ChannelLayout layout);

    default double value(float[] w, ChannelLayout layout) {
        return valueAndGradient(w, layout).value();
    }

    /** dR/dw with the grid (and its scale, recomputed from w) treated as a constant. */
    default float[] gradient(float[] w, ChannelLayout layout) {
        return valueAndGradient(w, layout).gradient();
    }
}
