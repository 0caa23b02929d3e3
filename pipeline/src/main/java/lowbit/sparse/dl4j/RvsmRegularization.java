package lowbit.sparse.dl4j;

import java.util.Arrays;
import java.util.Objects;
import lowbit.sparse.GroupLasso;
import lowbit.sparse.TensorProx;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.ChannelLayout;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.tensor.dl4j.WeightChannels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * RVSM / RGSM as a DL4J regularization (docs/methods.md, RVSM and RGSM): every step u = T(w) is recomputed
 * and beta (w - u) is added to the weight gradient before the updater. With plain SGD this is the
 * authors' pull w <- w - lr beta (w - u); with adaptive updaters the pull is rescaled like the loss
 * gradient [design]. With a group threshold (RGSM), the group-lasso term lambda2 sum_g ||w_g|| over the same
 * groups is added to the loss and differentiated directly. The epoch-end hard step w <- T(w) is
 * {@link #thresholdInPlace}.
 *
 * <p>DL4J's updater passes each parameter as a [1, n] view of the flat parameter vector: group thresholds there need
 * {@link #forFlatLayout}, which carries the parameter's layout in that vector; the {@link WeightChannels} form refuses
 * such a view for group thresholds (elementwise ones do not care).
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
    /** The parameter's C-order shape in the flat parameter vector (lowbit's ParamView shape); null: the array's own. */
    @JsonProperty("flatShape")
    private int[] flatShape;
    @JsonProperty("flatAxis")
    private int flatAxis;
    /** RGSM's lambda2; 0 (no term) in JSON written before it existed. */
    @JsonProperty("groupLasso")
    private double groupLasso;

    /** For DL4J's JSON: l0 with the authors' code defaults lambda 1e-6, beta 1e-2. */
    public RvsmRegularization() {
        this(ThresholdKind.L0, 1e-6, 1e-2, 1.0, WeightChannels.INPUT);
    }

    /**
     * @param a the transformed-l1 parameter (ignored by the other thresholds)
     * @param groups the groups of GROUP_L0 / GROUP_L1: INPUT (the authors' W[:, i, :, :]) or OUTPUT
     */
    public RvsmRegularization(ThresholdKind threshold, double lambda, double beta, double a, WeightChannels groups) {
        this(threshold, lambda, beta, a, groups, null, 0, 0);
    }

    /**
     * For one parameter inside DL4J's training: {@code flatShape} describes its values in the flat parameter vector
     * as a C-order array (as lowbit's {@code ParamView} does); group thresholds group the slices along {@code groupAxis}.
     *
     * @param groupLasso RGSM's lambda2 (group thresholds only; 0: none)
     */
    public static RvsmRegularization forFlatLayout(ThresholdKind threshold, double lambda, double beta, double a,
            double groupLasso, int[] flatShape, int groupAxis) {
        return new RvsmRegularization(threshold, lambda, beta, a, WeightChannels.INPUT, flatShape.clone(), groupAxis,
                groupLasso);
    }

    private RvsmRegularization(ThresholdKind threshold, double lambda, double beta, double a, WeightChannels groups,
            int[] flatShape, int flatAxis, double groupLasso) {
        Objects.requireNonNull(threshold, "threshold");
        this.groups = Objects.requireNonNull(groups, "groups");
        threshold.create(lambda, beta, a, ChannelLayout.whole(1)); // validates the parameters
        new GroupLasso(groupLasso, ChannelLayout.whole(1)); // validates lambda2
        if (groupLasso > 0 && !threshold.grouped()) {
            throw new IllegalArgumentException("a group-lasso term needs a group threshold, not " + threshold);
        }
        this.groupLasso = groupLasso;
        this.threshold = threshold;
        this.lambda = lambda;
        this.beta = beta;
        this.a = a;
        this.flatShape = flatShape;
        this.flatAxis = flatAxis;
        if (flatShape != null) {
            ChannelLayout.alongAxis(flatShape, flatAxis); // validates the axis
        }
    }

    private TensorProx prox(INDArray param) {
        return threshold.create(lambda, beta, a, threshold.grouped() ? groupsOf(param) : null);
    }

    private ChannelLayout groupsOf(INDArray param) {
        if (flatShape != null) {
            ChannelLayout slices = ChannelLayout.alongAxis(flatShape, flatAxis);
            if (param.length() != slices.length()) {
                throw new IllegalArgumentException("a parameter of " + param.length() + " values for the layout "
                        + Arrays.toString(flatShape));
            }
            return slices;
        }
        if (Dl4jWeights.isFlatView(param)) {
            throw new IllegalStateException("group RVSM got a [1, n] view (DL4J's updater passes those): build it with "
                    + "RvsmRegularization.forFlatLayout");
        }
        return Dl4jWeights.layout(param, groups);
    }

    private GroupLasso groupLasso(INDArray param) {
        return groupLasso > 0 ? new GroupLasso(groupLasso, groupsOf(param)) : null;
    }

    private float[] values(INDArray param) {
        return flatShape == null ? Dl4jWeights.toFloats(param) : Dl4jWeights.inFlatOrder(param);
    }

    /** The sparse u = T(w) of a parameter, in C order of its shape (in the flat order for {@link #forFlatLayout}). */
    public float[] sparseWeights(INDArray param) {
        return prox(param).apply(values(param));
    }

    /** w <- T(w), the authors' step at the end of each epoch. */
    public void thresholdInPlace(INDArray param) {
        if (flatShape == null) {
            Dl4jWeights.assign(param, sparseWeights(param));
        } else {
            Dl4jWeights.assignInFlatOrder(param, sparseWeights(param));
        }
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        float[] w = values(param);
        float[] u = prox(param).apply(w);
        float[] pull = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            pull[i] = (float) (beta * ((double) w[i] - u[i]));
        }
        GroupLasso lasso = groupLasso(param);
        if (lasso != null) {
            float[] g = lasso.gradient(w);
            for (int i = 0; i < w.length; i++) {
                pull[i] += g[i];
            }
        }
        if (flatShape == null) {
            Dl4jWeights.addTo(gradView, pull);
        } else {
            Dl4jWeights.addInFlatOrder(gradView, pull);
        }
    }

    /** lambda P(u) + beta/2 ||w - u||^2 at u = T(w), plus lambda2 sum_g ||w_g|| under RGSM. */
    @Override
    public double score(INDArray param, int iteration, int epoch) {
        float[] w = values(param);
        TensorProx prox = prox(param);
        GroupLasso lasso = groupLasso(param);
        return prox.objective(prox.apply(w), w) + (lasso == null ? 0 : lasso.value(w));
    }

    @Override
    public Regularization clone() {
        return new RvsmRegularization(threshold, lambda, beta, a, groups, flatShape == null ? null : flatShape.clone(),
                flatAxis, groupLasso);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RvsmRegularization)) {
            return false;
        }
        RvsmRegularization r = (RvsmRegularization) o;
        return threshold == r.threshold && lambda == r.lambda && beta == r.beta && a == r.a && groups == r.groups
                && Arrays.equals(flatShape, r.flatShape) && flatAxis == r.flatAxis && groupLasso == r.groupLasso;
    }

    @Override
    public int hashCode() {
        return Objects.hash(threshold, lambda, beta, a, groups, Arrays.hashCode(flatShape), flatAxis, groupLasso);
    }

    @Override
    public String toString() {
        return "RvsmRegularization(threshold=" + threshold + ", lambda=" + lambda + ", beta=" + beta + ", a=" + a
                + ", groups=" + groups + (groupLasso > 0 ? ", groupLasso=" + groupLasso : "")
                + (flatShape == null ? "" : ", flatShape=" + Arrays.toString(flatShape) + ", flatAxis=" + flatAxis) + ")";
    }
}
