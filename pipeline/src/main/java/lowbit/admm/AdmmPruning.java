package lowbit.admm;

import lowbit.sparse.TopKProjection;
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
        this(null, new float[initialWeights.length], rho, keepFraction, groups);
        System.arraycopy(project(initialWeights), 0, z, 0, z.length);
    }

    private AdmmPruning(float[] z, float[] v, double rho, double keepFraction, ChannelLayout groups) {
        if (!(rho > 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and > 0, got " + rho);
        }
        TopKProjection.keepCount(0, keepFraction); // validates the fraction
        this.rho = rho;
        this.keepFraction = keepFraction;
        this.groups = groups;
        this.z = z == null ? new float[v.length] : z.clone();
        this.v = v.clone();
    }

    /** Continues from the {@link #z()} and {@link #v()} of an earlier state (a checkpoint). */
    public static AdmmPruning resume(float[] z, float[] v, double rho, double keepFraction, ChannelLayout groups) {
        if (z.length != v.length) {
            throw new IllegalArgumentException("z has " + z.length + " values, v " + v.length);
        }
        return new AdmmPruning(z, v, rho, keepFraction, groups);
    }

    /** rho / 2 ||w - z + v||^2, the penalty whose gradient {@link #penaltyGradient} is. */
    public double penalty(float[] w) {
        requireLength(w);
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double d = (double) w[i] - z[i] + v[i];
            sum += d * d;
        }
        return rho / 2 * sum;
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
