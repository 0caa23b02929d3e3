package lowbit.rvsm;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import lowbit.method.MethodSettings;
import lowbit.method.Regularizer;
import lowbit.method.SettingKeys;
import lowbit.method.WeightLayers;
import lowbit.sparse.ThresholdKind;

/**
 * {@code lowbit.train.rvsm}, read and validated: the threshold and its parameters ({@code threshold}, {@code lambda},
 * {@code beta}, {@code a}), RGSM's {@code group-lasso} and {@code groups}, and the {@code layers} it acts on.
 */
public record RvsmSettings(ThresholdKind threshold, double lambda, double beta, double a, double groupLasso,
                           WeightLayers layers) implements MethodSettings {

    public static RvsmSettings from(Config train) {
        SettingKeys r = SettingKeys.of(train, RvsmMethod.NAME);
        ThresholdKind threshold = r.oneOf("threshold", ThresholdKind.class, "l0", "l1", "transformed-l1", "group-l0",
                "group-l1");
        r.oneOf("groups", "input", "output");
        return new RvsmSettings(threshold, r.atLeastZero("lambda"), r.positive("beta"), r.positive("a"),
                r.atLeastZero("group-lasso"), r.weightLayers("threshold", threshold.grouped()));
    }

    @Override
    public String method() {
        return RvsmMethod.NAME;
    }

    @Override
    public Regularizer regularizer() {
        return new RvsmRegularizer(threshold, lambda, beta, a, groupLasso, layers);
    }

    @Override
    public List<String> summary() {
        List<String> out = new ArrayList<>(List.of("threshold=" + threshold.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-'), "lambda=" + SettingKeys.number(lambda), "beta=" + SettingKeys.number(beta)));
        if (threshold.grouped() && groupLasso > 0) {
            out.add("group-lasso=" + SettingKeys.number(groupLasso));
        }
        return out;
    }
}
