package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/** Group l0 prox (RGSM channel pruning): u_g = w_g if ||w_g|| > sqrt(2 lambda / beta), else 0. */
public final class GroupHardThreshold extends GroupThreshold {
    private final double cut;

    public GroupHardThreshold(double lambda, double beta, ChannelLayout groups) {
        super(lambda, beta, groups);
        this.cut = Math.sqrt(2 * lambda / beta);
    }

    @Override
    protected double factor(double norm) {
        return norm > cut ? 1.0 : 0.0;
    }

    @Override
    protected double penaltyOfGroup(double norm) {
        return norm > 0 ? lambda : 0.0;
    }
}
