package lowbit.sparse;

/** A {@link TensorProx} whose penalty is a sum over single weights, so T acts on each weight alone. */
public abstract class ElementwiseThreshold extends WeightedProx {

    protected ElementwiseThreshold(double lambda, double beta) {
        super(lambda, beta);
    }

    /** T applied to one weight, in double precision. */
    public abstract double threshold(double w);

    /** lambda P(u) for one weight. */
    public abstract double penaltyOf(double u);

    @Override
    public float[] apply(float[] w) {
        float[] u = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            u[i] = (float) threshold(w[i]);
        }
        return u;
    }

    @Override
    public double penalty(float[] u) {
        double sum = 0;
        for (float v : u) {
            sum += penaltyOf(v);
        }
        return sum;
    }
}
