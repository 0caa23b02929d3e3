package lowbit.admm;

import com.typesafe.config.Config;
import java.util.List;
import lowbit.config.ConfigError;
import lowbit.method.MethodSettings;
import lowbit.method.Regularizer;
import lowbit.method.SettingKeys;
import lowbit.method.WeightLayers;

/**
 * {@code lowbit.train.admm}, read and validated: {@code rho}, the {@code keep-fraction} of weights (or channels, in
 * {@code mode = channel}, grouped by {@code groups}), how often the split is updated ({@code update-steps}) and the
 * {@code layers} it acts on.
 */
public record AdmmSettings(double rho, double keepFraction, int updateSteps, WeightLayers layers) implements MethodSettings {

    public static AdmmSettings from(Config train) {
        SettingKeys a = SettingKeys.of(train, AdmmMethod.NAME);
        boolean channel = a.oneOf("mode", "elementwise", "channel").equals("channel");
        a.oneOf("groups", "input", "output");
        double keep = a.section().getDouble("keep-fraction");
        if (!(keep > 0 && keep <= 1)) {
            throw new ConfigError(a.key("keep-fraction") + " must be in (0, 1], got " + keep);
        }
        return new AdmmSettings(a.positive("rho"), keep, a.nonNegativeInt("update-steps"), a.weightLayers("mode", channel));
    }

    @Override
    public String method() {
        return AdmmMethod.NAME;
    }

    @Override
    public Regularizer regularizer() {
        return new AdmmRegularizer(rho, keepFraction, updateSteps, layers);
    }

    @Override
    public List<String> summary() {
        return List.of("keep-fraction=" + SettingKeys.number(keepFraction), "rho=" + SettingKeys.number(rho));
    }
}
