package lowbit.train;

import lowbit.model.graph.ParamView;

import java.util.List;

/** Statistics of a flat parameter buffer's weight views. */
public final class WeightStats {
    private WeightStats() {
    }

    /** Zero weights / weights (biases and batch norm not counted). */
    public static double sparsity(float[] params, List<ParamView> views) {
        long zeros = 0;
        long total = 0;
        for (ParamView v : views) {
            if (v.kind().isWeight()) {
                for (int i = v.offset(); i < v.offset() + v.length(); i++) {
                    zeros += params[i] == 0f ? 1 : 0;
                }
                total += v.length();
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
    }
}
