package lowbit.train;

import lowbit.engine.ParamKind;
import lowbit.engine.ParamView;
import lowbit.sparse.TensorProx;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.ChannelLayout;

import java.util.List;

/**
 * RVSM / RGSM (ALGORITHMS.md section 4): u = T(w) every step and grad += beta (w - u); at the end of every
 * epoch (so also at the end of training) w <- T(w), so the sparse weights are what is evaluated and saved.
 * Group thresholds take input-channel slices W[:, i, :, :] (the authors' groups) or output filters of
 * conv weights only.
 */
public final class RvsmRegularizer implements Regularizer {
    public enum Groups { INPUT, OUTPUT }

    private final ThresholdKind threshold;
    private final double lambda;
    private final double beta;
    private final double a;
    private final Groups groups;

    public RvsmRegularizer(ThresholdKind threshold, double lambda, double beta, double a, Groups groups) {
        threshold.create(lambda, beta, a, ChannelLayout.whole(1)); // validates lambda, beta and a
        this.threshold = threshold;
        this.lambda = lambda;
        this.beta = beta;
        this.a = a;
        this.groups = groups;
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

    /** The transformed-l1 parameter. */
    public double a() {
        return a;
    }

    @Override
    public void bind(List<ParamView> views) {
        for (ParamView v : views) {
            if (v.kind().isWeight() && threshold.grouped() && v.kind() != ParamKind.CONV_WEIGHT) {
                throw new IllegalArgumentException("rvsm threshold " + threshold + " groups channels of conv weights, but "
                        + v.name() + " is " + v.kind() + "; use an elementwise threshold for models with such layers");
            }
        }
    }

    /** The axis whose slices form the groups of a conv weight view. */
    public int groupAxis(ParamView v) {
        return groups == Groups.OUTPUT ? v.outAxis() : 1 - v.outAxis();
    }

    private TensorProx prox(ParamView v) {
        if (!threshold.grouped()) {
            return threshold.create(lambda, beta, a, null);
        }
        return threshold.create(lambda, beta, a, ChannelLayout.alongAxis(v.shape(), groupAxis(v)));
    }

    @Override
    public double addGradient(float[] params, float[] grad, List<ParamView> views, double epoch) {
        double total = 0;
        for (ParamView v : views) {
            if (!v.kind().isWeight()) {
                continue;
            }
            TensorProx t = prox(v);
            float[] w = v.read(params);
            float[] u = t.apply(w);
            for (int i = 0; i < w.length; i++) {
                grad[v.offset() + i] += (float) (beta * ((double) w[i] - u[i]));
            }
            total += t.objective(u, w);
        }
        return total;
    }

    @Override
    public void onEpochEnd(float[] params, List<ParamView> views) {
        for (ParamView v : views) {
            if (v.kind().isWeight()) {
                v.write(params, prox(v).apply(v.read(params)));
            }
        }
    }
}
