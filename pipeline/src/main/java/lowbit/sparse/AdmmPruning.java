package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/**
 * ADMM pruning state of one tensor (the RVSM paper's baseline): z <- top-k projection of (w + v),
 * v <- v + w - z, and the gradient term rho (w - z + v) added to the loss gradient of w.
 */
public final class AdmmPruning {
    private final double rho;
    private final double keepFraction;
    private final ChannelLayout groups;
    private final float[] z;
    private final float[] v;

    /**
     * @param groups null to prune single weights by |w|, else prune whole groups by their norm
     */
    public AdmmPruning(float[] initialWeights, double rho, double keepFraction, ChannelLayout groups) {
        if (!(rho > 0)) {
            throw new IllegalArgumentException("rho must be > 0, got " + rho);
        }
        this.rho = rho;
        this.keepFraction = keepFraction;
        this.groups = groups;
        this.z = project(initialWeights);
        this.v = new float[initialWeights.length];
    }

    /** z <- P(w + v); v <- v + w - z. */
    public void updateSplit(float[] w) {
        requireLength(w);
        float[] shifted = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            shifted[i] = w[i] + v[i];
        }
        float[] projected = project(shifted);
        System.arraycopy(projected, 0, z, 0, z.length);
        for (int i = 0; i < w.length; i++) {
            v[i] += w[i] - z[i];
        }
    }

    /** rho (w - z + v). */
    public float[] penaltyGradient(float[] w) {
        requireLength(w);
        float[] g = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = (float) (rho * ((double) w[i] - z[i] + v[i]));
        }
        return g;
    }

    /** The sparse tensor that is evaluated and exported: P(w). */
    public float[] project(float[] w) {
        return groups == null ? TopKProjection.ofWeights(w, keepFraction)
                : TopKProjection.ofGroups(w, groups, keepFraction);
    }

    public float[] z() {
        return z.clone();
    }

    public float[] v() {
        return v.clone();
    }

    private void requireLength(float[] w) {
        if (w.length != z.length) {
            throw new IllegalArgumentException("expected " + z.length + " weights, got " + w.length);
        }
    }
}
