package lowbit.ptq;

import java.io.Serializable;
import java.util.List;

import lowbit.config.ConfigError;

/**
 * How a calibrated activation range is chosen: {@code minmax} (TensorFlow's rule: every calibration value on the
 * grid), {@code percentile} (clip each tail at {@code percentile} % of the values) or {@code mse} (the clip range with
 * the least expected squared error at the grid's bit width).
 */
public record ActivationRangeRule(String kind, double percentile) implements Serializable {
    public static final List<String> KINDS = List.of("minmax", "percentile", "mse");
    public static final ActivationRangeRule MINMAX = new ActivationRangeRule("minmax", 100);

    public ActivationRangeRule {
        if (!KINDS.contains(kind)) {
            throw new ConfigError("lowbit.experiment.activation-range: unknown rule '" + kind + "'; known: " + KINDS);
        }
        if (!(percentile > 50 && percentile <= 100)) {
            throw new ConfigError("lowbit.experiment.activation-percentile must be in (50, 100], not " + percentile);
        }
    }

    public boolean needsHistogram() {
        return !kind.equals("minmax");
    }

    /** The clip range of a tensor from its histogram over [min, max]. */
    double[] range(ActivationHistogram histogram, int bits) {
        return switch (kind) {
            case "percentile" -> new double[] {histogram.quantile(1 - percentile / 100), histogram.quantile(percentile / 100)};
            case "mse" -> histogram.mseRange(bits);
            default -> throw new IllegalStateException(kind + " needs no histogram");
        };
    }
}
