package lowbit.rvsm;

import lowbit.method.WeightLayers;
import lowbit.method.Regularizer;
import lowbit.model.graph.ParamView;
import lowbit.sparse.GroupLasso;
import lowbit.sparse.TensorProx;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.ChannelLayout;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * RVSM / RGSM (docs/methods.md): u = T(w) every step and grad += beta (w - u); at the end of every
 * epoch (so also at the end of training) w <- T(w), so the sparse weights are what is evaluated and saved.
 * With a group threshold (RGSM) the group-lasso term lambda2 sum_g ||w_g|| is added to the loss and
 * differentiated directly, over the same groups. Which layers it acts on: {@link WeightLayers}.
 */
public final class RvsmRegularizer implements Regularizer {
    private final ThresholdKind threshold;
    private final double lambda;
    private final double beta;
    private final double a;
    private final double groupLasso;
    private final WeightLayers layers;
    /** The names of the views {@link WeightLayers} selected at {@link #bind}. */
    private Set<String> selected;

    /** @param groupLasso lambda2 of RGSM's group-lasso term; used by group thresholds only */
    public RvsmRegularizer(ThresholdKind threshold, double lambda, double beta, double a, double groupLasso, WeightLayers layers) {
        threshold.create(lambda, beta, a, ChannelLayout.whole(1)); // validates lambda, beta and a
        new GroupLasso(groupLasso, ChannelLayout.whole(1)); // validates lambda2
        if (threshold.grouped() != layers.grouped()) {
            throw new IllegalArgumentException("threshold " + threshold + " needs " + (threshold.grouped() ? "" : "no ") + "groups");
        }
        this.threshold = threshold;
        this.lambda = lambda;
        this.beta = beta;
        this.a = a;
        this.groupLasso = groupLasso;
        this.layers = layers;
    }

    @Override
    public String name() {
        return "rvsm";
    }

    public ThresholdKind threshold() {
        return threshold;
    }

    public double lambda() {
        return lambda;
    }

    public double beta() {
        return beta;
    }

    /** RGSM's group-lasso lambda2 (applied under group thresholds only). */
    public double groupLasso() {
        return groupLasso;
    }

    /** The transformed-l1 parameter. */
    public double a() {
        return a;
    }

    @Override
    public void bind(List<ParamView> views) {
        selected = layers.select(views).stream().map(ParamView::name).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<ParamView> targets(List<ParamView> views) {
        if (selected == null) {
            bind(views);
        }
        return views.stream().filter(v -> selected.contains(v.name())).toList();
    }

    /** The axis whose slices form the groups of a conv weight view. */
    public int groupAxis(ParamView v) {
        return layers.groupAxis(v);
    }

    private TensorProx prox(ParamView v) {
        return threshold.create(lambda, beta, a, layers.grouped() ? layers.groupsOf(v) : null);
    }

    @Override
    public double addGradient(float[] params, float[] grad, List<ParamView> views, double epoch) {
        double total = 0;
        for (ParamView v : targets(views)) {
            TensorProx t = prox(v);
            float[] w = v.read(params);
            float[] u = t.apply(w);
            for (int i = 0; i < w.length; i++) {
                grad[v.offset() + i] += (float) (beta * ((double) w[i] - u[i]));
            }
            total += t.objective(u, w);
            if (layers.grouped() && groupLasso > 0) {
                GroupLasso lasso = new GroupLasso(groupLasso, layers.groupsOf(v));
                float[] g = lasso.gradient(w);
                for (int i = 0; i < g.length; i++) {
                    grad[v.offset() + i] += g[i];
                }
                total += lasso.value(w);
            }
        }
        return total;
    }

    @Override
    public void onEpochEnd(float[] params, List<ParamView> views) {
        for (ParamView v : targets(views)) {
            v.write(params, prox(v).apply(v.read(params)));
        }
    }
}
