package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/**
 * A {@link TensorProx} whose penalty is a sum over groups of the group's Euclidean norm, so T scales each
 * group w_g by a factor that depends on ||w_g|| only. Groups are the channels of a {@link ChannelLayout},
 * e.g. the input-channel slices W[:, i, :, :] used by the RGSM authors.
 */
public abstract class GroupThreshold extends WeightedProx {
    protected final ChannelLayout groups;

    protected GroupThreshold(double lambda, double beta, ChannelLayout groups) {
        super(lambda, beta);
        this.groups = groups;
    }

    /** The factor u_g = factor * w_g for a group of norm {@code norm}. */
    protected abstract double factor(double norm);

    /** lambda P_g for a group of norm {@code norm}. */
    protected abstract double penaltyOfGroup(double norm);

    @Override
    public float[] apply(float[] w) {
        double[] norms = GroupNorms.of(w, groups);
        double[] factors = new double[norms.length];
        for (int g = 0; g < norms.length; g++) {
            factors[g] = factor(norms[g]);
        }
        float[] u = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            u[i] = (float) (w[i] * factors[groups.channelOf(i)]);
        }
        return u;
    }

    @Override
    public double penalty(float[] u) {
        double sum = 0;
        for (double norm : GroupNorms.of(u, groups)) {
            sum += penaltyOfGroup(norm);
        }
        return sum;
    }

    public ChannelLayout groups() {
        return groups;
    }
}
