package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/**
 * RGSM's group-lasso term lambda2 sum_g ||w_g||_2 (docs/methods.md, RGSM), differentiated directly:
 * d/dw_g = lambda2 w_g / ||w_g||, and the subgradient 0 where a group is all zeros.
 */
public final class GroupLasso {
    private final double lambda;
    private final ChannelLayout groups;

    public GroupLasso(double lambda, ChannelLayout groups) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("group-lasso lambda must be finite and >= 0, got " + lambda);
        }
        this.lambda = lambda;
        this.groups = groups;
    }

    public double value(float[] w) {
        double sum = 0;
        for (double norm : GroupNorms.of(w, groups)) {
            sum += norm;
        }
        return lambda * sum;
    }

    public float[] gradient(float[] w) {
        double[] norms = GroupNorms.of(w, groups);
        float[] g = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            double norm = norms[groups.channelOf(i)];
            g[i] = norm == 0 ? 0f : (float) (lambda * w[i] / norm);
        }
        return g;
    }
}
