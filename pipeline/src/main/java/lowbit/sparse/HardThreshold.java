package lowbit.sparse;

/** l0 prox: u = w if |w| > sqrt(2 lambda / beta), else 0. */
public final class HardThreshold extends ElementwiseThreshold {
    private final double cut;

    public HardThreshold(double lambda, double beta) {
        super(lambda, beta);
        this.cut = Math.sqrt(2 * lambda / beta);
    }

    public double cut() {
        return cut;
    }

    @Override
    public double threshold(double w) {
        return Math.abs(w) > cut ? w : 0.0;
    }

    @Override
    public double penaltyOf(double u) {
        return u != 0 ? lambda : 0.0;
    }
}
