package lowbit.admm;

import lowbit.method.WeightLayers;
import lowbit.method.Regularizer;
import lowbit.model.graph.ParamView;
import lowbit.tensor.ChannelLayout;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ADMM pruning (docs/methods.md, the RVSM paper's baseline) on every selected weight view: grad +=
 * rho (w - z + v); the split z <- P(w + v), v <- v + w - z runs every {@code updateSteps} steps, or at every
 * epoch end when that is 0 [design: the source gives no period]; after the last epoch w <- P(w), so the
 * evaluated and exported weights keep exactly round(keep-fraction x n) weights (or groups) of each tensor.
 * z starts at P(w) of the weights at the first step, v at 0; both and the step count are checkpointed.
 */
public final class AdmmRegularizer implements Regularizer {
    private final double rho;
    private final double keepFraction;
    private final int updateSteps;
    private final WeightLayers layers;
    private transient List<ParamView> targets;
    private transient Map<String, AdmmPruning> splits;
    private long steps;

    /** What a checkpoint keeps: steps taken and z, v of every view by name. */
    public record State(long steps, Map<String, float[]> z, Map<String, float[]> v) implements Serializable {
    }

    public AdmmRegularizer(double rho, double keepFraction, int updateSteps, WeightLayers layers) {
        new AdmmPruning(new float[0], rho, keepFraction, null); // validates rho and the keep fraction
        if (updateSteps < 0) {
            throw new IllegalArgumentException("update steps must be >= 0, got " + updateSteps);
        }
        this.rho = rho;
        this.keepFraction = keepFraction;
        this.updateSteps = updateSteps;
        this.layers = layers;
    }

    @Override
    public String name() {
        return "admm";
    }

    @Override
    public void bind(List<ParamView> views) {
        targets = layers.select(views);
    }

    @Override
    public boolean keepsState() {
        return true;
    }

    @Override
    public Serializable state() {
        if (splits == null) {
            return null;
        }
        Map<String, float[]> z = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        splits.forEach((name, split) -> {
            z.put(name, split.z());
            v.put(name, split.v());
        });
        return new State(steps, z, v);
    }

    @Override
    public void restore(Serializable state) {
        if (state == null) {
            splits = null;
            steps = 0;
            return;
        }
        if (!(state instanceof State s)) {
            throw new IllegalArgumentException("not an ADMM state: " + state.getClass().getName());
        }
        splits = new LinkedHashMap<>();
        for (ParamView t : targets()) {
            if (!s.z().containsKey(t.name())) {
                throw new IllegalArgumentException("the ADMM state has no " + t.name() + "; it has " + s.z().keySet());
            }
            splits.put(t.name(), AdmmPruning.resume(s.z().get(t.name()), s.v().get(t.name()), rho, keepFraction, groupsOf(t)));
        }
        steps = s.steps();
    }

    private List<ParamView> targets() {
        if (targets == null) {
            throw new IllegalStateException("bind the ADMM regularizer to the model's views first");
        }
        return targets;
    }

    private ChannelLayout groupsOf(ParamView v) {
        return layers.grouped() ? layers.groupsOf(v) : null;
    }

    private Map<String, AdmmPruning> splits(float[] params) {
        if (splits == null) {
            splits = new LinkedHashMap<>();
            for (ParamView t : targets()) {
                splits.put(t.name(), new AdmmPruning(t.read(params), rho, keepFraction, groupsOf(t)));
            }
        }
        return splits;
    }

    private void updateSplits(float[] params) {
        for (ParamView t : targets()) {
            splits(params).get(t.name()).updateSplit(t.read(params));
        }
    }

    @Override
    public double addGradient(float[] params, float[] grad, List<ParamView> views, double epoch) {
        if (updateSteps > 0 && steps > 0 && steps % updateSteps == 0) {
            updateSplits(params);
        }
        double total = 0;
        for (ParamView t : targets()) {
            AdmmPruning split = splits(params).get(t.name());
            float[] w = t.read(params);
            float[] g = split.penaltyGradient(w);
            for (int i = 0; i < g.length; i++) {
                grad[t.offset() + i] += g[i];
            }
            total += split.penalty(w);
        }
        steps++;
        return total;
    }

    @Override
    public void onEpochEnd(float[] params, List<ParamView> views) {
        if (updateSteps == 0) {
            updateSplits(params);
        }
    }

    @Override
    public void onTrainingEnd(float[] params, List<ParamView> views) {
        for (ParamView t : targets()) {
            t.write(params, splits(params).get(t.name()).project(t.read(params)));
        }
    }
}
