package lowbit.rvscgd;

import java.util.List;
import java.util.Locale;

/** One threshold's run: its setting and the metrics of iterations 0..N. */
public record ThresholdResult(ThresholdSetting setting, List<IterationMetrics> iterations) {

    /** The target of the experiment (issue 7): angle(u, wStar) below 5 degrees, support precision and recall >= 0.95. */
    public static final double TARGET_ANGLE_DEG = 5.0;
    public static final double TARGET_SCORE = 0.95;

    public ThresholdResult {
        iterations = List.copyOf(iterations);
    }

    public IterationMetrics last() {
        return iterations.get(iterations.size() - 1);
    }

    public boolean meetsTarget() {
        return last().meets(TARGET_ANGLE_DEG, TARGET_SCORE);
    }

    /** One line: the last iteration's metrics and when the target was reached. */
    public String summary() {
        IterationMetrics m = last();
        int from = targetHeldFrom();
        return String.format(Locale.ROOT, "%-14s iteration %d: angle(u, w*) %.2f deg (w: %.2f), support precision %.3f, "
                        + "recall %.3f, sparsity %.3f; target %s", setting().name(), m.iteration(), m.angleDeg(),
                m.angleWDeg(), m.precision(), m.recall(), m.sparsity(),
                from < 0 ? "NOT met" : "met from iteration " + from);
    }

    /** The first iteration from which every later one meets the target; -1 when the last does not. */
    public int targetHeldFrom() {
        int from = -1;
        for (IterationMetrics m : iterations) {
            if (!m.meets(TARGET_ANGLE_DEG, TARGET_SCORE)) {
                from = -1;
            } else if (from < 0) {
                from = m.iteration();
            }
        }
        return from;
    }
}
