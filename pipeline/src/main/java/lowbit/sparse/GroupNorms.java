package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/** Euclidean norm of every group of a tensor. */
public final class GroupNorms {
    private GroupNorms() {
    }

    public static double[] of(float[] w, ChannelLayout groups) {
        groups.requireLength(w.length);
        double[] norms = new double[groups.channels()];
        for (int i = 0; i < w.length; i++) {
            norms[groups.channelOf(i)] += (double) w[i] * w[i];
        }
        for (int g = 0; g < norms.length; g++) {
            norms[g] = Math.sqrt(norms[g]);
        }
        return norms;
    }
}
