package lowbit.qat;

import com.typesafe.config.Config;
import java.util.List;
import lowbit.method.MethodSettings;
import lowbit.method.SettingKeys;
import lowbit.method.WeightTransform;
import lowbit.model.graph.LayerSettings;
import lowbit.quant.ScaleRule;

/**
 * {@code lowbit.train.qat}, read and validated: the grid the forward pass fake-quantizes to ({@code bits},
 * {@code layer-bits}, {@code per-channel}, the run's {@code weight-scale}).
 */
public record QatSettings(LayerSettings<Integer> bits, boolean perChannel, ScaleRule scaleRule) implements MethodSettings {

    public static QatSettings from(Config train) {
        SettingKeys q = SettingKeys.of(train, QatMethod.NAME);
        return new QatSettings(q.layerBits(), q.flag("per-channel"), SettingKeys.weightScale(train));
    }

    @Override
    public String method() {
        return QatMethod.NAME;
    }

    @Override
    public WeightTransform transform() {
        return new FakeQuantization(bits, perChannel, scaleRule);
    }

    @Override
    public List<String> summary() {
        return List.of();
    }
}
