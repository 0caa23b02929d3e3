package lowbit.rvscgd;

import java.util.List;
import java.util.Locale;

import lowbit.sparse.ElementwiseThreshold;
import lowbit.sparse.ThresholdKind;

/** One threshold to run by its config name (l0, l1, transformed-l1) with its lambda, beta and a (transformed-l1 only). */
public record ThresholdSetting(String name, double lambda, double beta, double a) {

    public static final List<String> NAMES = List.of("l0", "l1", "transformed-l1");

    public ThresholdSetting {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown threshold '" + name + "'; known: " + NAMES);
        }
    }

    /** T = prox of lambda P / beta from {@link lowbit.sparse}. */
    public ElementwiseThreshold create() {
        ThresholdKind kind = ThresholdKind.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return (ElementwiseThreshold) kind.create(lambda, beta, a, null);
    }
}
