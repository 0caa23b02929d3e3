package lowbit.train;

import lowbit.LowbitException;
import lowbit.model.graph.ParamView;

import java.util.List;

/** Stops training at the first NaN or Inf in a loss or buffer, naming the step and the layer. */
public final class NonFiniteCheck {
    private NonFiniteCheck() {
    }

    public static void loss(double loss, String where) {
        if (!Double.isFinite(loss)) {
            throw new LowbitException("training diverged: loss is " + loss + " at " + where);
        }
    }

    public static void buffer(float[] values, List<ParamView> views, String what, String where) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                int at = i;
                String layer = views.stream().filter(v -> v.offset() <= at && at < v.offset() + v.length())
                        .map(ParamView::name).findFirst().orElse("index " + at);
                throw new LowbitException("training diverged: " + what + " of " + layer + " is " + values[i] + " at " + where);
            }
        }
    }
}
