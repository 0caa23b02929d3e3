package lowbit.sparse;

/**
 * Transformed-l1 prox, rho_a(x) = (a+1)|x| / (a+|x|), mu = lambda / beta (docs/methods.md, RVSM):
 * u = 0 if |w| <= t, else sign(w) [(2/3)(a+|w|) cos(phi/3) - 2a/3 + |w|/3] with
 * phi = arccos(1 - 27 mu a (a+1) / (2 (a+|w|)^3)); t = mu (a+1)/a if mu <= a^2 / (2(a+1)),
 * else sqrt(2 mu (a+1)) - a/2.
 */
public final class TransformedL1Threshold extends ElementwiseThreshold {
    private final double a;
    private final double mu;
    private final double cut;

    public TransformedL1Threshold(double lambda, double beta, double a) {
        super(lambda, beta);
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("transformed-l1 parameter a must be finite and > 0, got " + a);
        }
        this.a = a;
        this.mu = lambda / beta;
        this.cut = mu <= a * a / (2 * (a + 1)) ? mu * (a + 1) / a : Math.sqrt(2 * mu * (a + 1)) - a / 2;
    }

    public double cut() {
        return cut;
    }

    @Override
    public double threshold(double w) {
        double x = Math.abs(w);
        if (x <= cut) {
            return 0.0;
        }
        double arg = 1 - 27 * mu * a * (a + 1) / (2 * Math.pow(a + x, 3));
        // rounding can push the argument just outside arccos's domain
        double phi = Math.acos(Math.max(-1.0, Math.min(1.0, arg)));
        return Math.signum(w) * ((2.0 / 3) * (a + x) * Math.cos(phi / 3) - 2 * a / 3 + x / 3);
    }

    @Override
    public double penaltyOf(double u) {
        double x = Math.abs(u);
        return lambda * (a + 1) * x / (a + x);
    }
}
