package lowbit.qgt;

import lowbit.tensor.ChannelLayout;

/** A differentiable penalty R(W) on one weight tensor, with per-channel quantization scales. */
public interface WeightPenalty {

    double value(float[] w, ChannelLayout layout);

    /** dR/dw with the grid (and its scale, recomputed from w) treated as a constant. */
    float[] gradient(float[] w, ChannelLayout layout);
}
