package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/** Group l1 (group lasso) prox: u_g = w_g max(||w_g|| - lambda / beta, 0) / ||w_g||. */
public final class GroupSoftThreshold extends GroupThreshold {
    private final double shrink;

    public GroupSoftThreshold(double lambda, double beta, ChannelLayout groups) {
        super(lambda, beta, groups);
        this.shrink = lambda / beta;
    }

    @Override
    protected double factor(double norm) {
        return norm > shrink ? (norm - shrink) / norm : 0.0;
    }

    @Override
    protected double penaltyOfGroup(double norm) {
        return lambda * norm;
    }
}
