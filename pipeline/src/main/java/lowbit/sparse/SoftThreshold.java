package lowbit.sparse;

/** l1 prox: u = sign(w) max(|w| - lambda / beta, 0). */
public final class SoftThreshold extends ElementwiseThreshold {
    private final double shrink;

    public SoftThreshold(double lambda, double beta) {
        super(lambda, beta);
        this.shrink = lambda / beta;
    }

    @Override
    public double threshold(double w) {
        return Math.signum(w) * Math.max(Math.abs(w) - shrink, 0.0);
    }

    @Override
    public double penaltyOf(double u) {
        return lambda * Math.abs(u);
    }
}
