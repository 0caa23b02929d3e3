package lowbit.sparse.dl4j;

import java.util.Objects;
import lowbit.sparse.TensorProx;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.ChannelLayout;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.tensor.dl4j.WeightChannels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * RVSM / RGSM as a DL4J regularization (ALGORITHMS.md section 4): every step u = T(w) is recomputed
 * and beta (w - u) is added to the weight gradient before the updater. With plain SGD this is the
 * authors' pull w <- w - lr beta (w - u); with adaptive updaters the pull is rescaled like the loss
 * gradient [design]. The epoch-end hard step w <- T(w) is {@link #thresholdInPlace}.
 */
public final class RvsmRegularization implements Regularization {
    @JsonProperty("threshold")
    private ThresholdKind threshold;
    @JsonProperty("lambda")
    private double lambda;
    @JsonProperty("beta")
    private double beta;
    @JsonProperty("a")
    private double a;
    @JsonProperty("groups")
    private WeightChannels groups;

    /** For DL4J's JSON: l0 with the authors' code defaults lambda 1e-6, beta 1e-2. */
    public RvsmRegularization() {
        this(ThresholdKind.L0, 1e-6, 1e-2, 1.0, WeightChannels.INPUT);
    }

    /**
     * @param a the transformed-l1 parameter (ignored by the other thresholds)
     * @param groups the groups of GROUP_L0 / GROUP_L1: INPUT (the authors' W[:, i, :, :]) or OUTPUT
     */
    public RvsmRegularization(ThresholdKind threshold, double lambda, double beta, double a, WeightChannels groups) {
        Objects.requireNonNull(threshold, "threshold");
        this.groups = Objects.requireNonNull(groups, "groups");
        threshold.create(lambda, beta, a, ChannelLayout.whole(1)); // validates the parameters
        this.threshold = threshold;
        this.lambda = lambda;
        this.beta = beta;
        this.a = a;
    }

    private TensorProx prox(INDArray param) {
        return threshold.create(lambda, beta, a, threshold.grouped() ? Dl4jWeights.layout(param, groups) : null);
    }

    /** The sparse u = T(w) of a parameter, in C order of its shape. */
    public float[] sparseWeights(INDArray param) {
        return prox(param).apply(Dl4jWeights.toFloats(param));
    }

    /** w <- T(w), the authors' step at the end of each epoch. */
    public void thresholdInPlace(INDArray param) {
        Dl4jWeights.assign(param, sparseWeights(param));
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        float[] w = Dl4jWeights.toFloats(param);
        float[] u = prox(param).apply(w);
        float[] pull = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            pull[i] = (float) (beta * ((double) w[i] - u[i]));
        }
        Dl4jWeights.addTo(gradView, pull);
    }

    /** lambda P(u) + beta/2 ||w - u||^2 at u = T(w). */
    @Override
    public double score(INDArray param, int iteration, int epoch) {
        float[] w = Dl4jWeights.toFloats(param);
        TensorProx prox = prox(param);
        return prox.objective(prox.apply(w), w);
    }

    @Override
    public Regularization clone() {
        return new RvsmRegularization(threshold, lambda, beta, a, groups);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RvsmRegularization)) {
            return false;
        }
        RvsmRegularization r = (RvsmRegularization) o;
        return threshold == r.threshold && lambda == r.lambda && beta == r.beta && a == r.a && groups == r.groups;
    }

    @Override
    public int hashCode() {
        return Objects.hash(threshold, lambda, beta, a, groups);
    }

    @Override
    public String toString() {
        return "RvsmRegularization(threshold=" + threshold + ", lambda=" + lambda + ", beta=" + beta + ", a=" + a
                + ", groups=" + groups + ")";
    }
}
