package lowbit.sparse;

/** The penalty weight lambda and splitting weight beta that every {@link TensorProx} here carries. */
public abstract class WeightedProx implements TensorProx {
    protected final double lambda;
    protected final double beta;

    protected WeightedProx(double lambda, double beta) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
        }
        this.lambda = lambda;
        this.beta = beta;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public double beta() {
        return beta;
    }
}
