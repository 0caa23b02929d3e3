package lowbit.qgt;

import com.typesafe.config.Config;
import java.util.List;
import lowbit.config.ConfigError;
import lowbit.config.NameValuePairs;
import lowbit.method.MethodSettings;
import lowbit.method.QuantizedFinish;
import lowbit.method.Regularizer;
import lowbit.method.SettingKeys;
import lowbit.model.graph.LayerSettings;
import lowbit.qat.FakeQuantization;
import lowbit.quant.ScaleRule;

/**
 * {@code lowbit.train.qgt}, read and validated: the grid ({@code bits}, {@code layer-bits}, {@code per-channel}, the
 * run's {@code weight-scale}), the penalty and its weights ({@code penalty}, {@code alpha}, {@code layer-alpha}), the
 * lambda schedule ({@code ramp}, {@code warmup-epochs}, {@code lambda-start}, {@code lambda}, {@code ramp-epochs},
 * {@code factor}) and the finish ({@code finish-epochs}, {@code finish-lr-factor}, {@code finish-from},
 * {@code finish-lr-schedule}).
 */
public record QgtSettings(LayerSettings<Integer> bits, boolean perChannel, ScaleRule scaleRule, QgtPenaltyKind penalty,
                          LayerSettings<Double> alpha, LambdaSchedule lambda, int finishEpochs, double finishLrFactor,
                          boolean finishFromQuantized, boolean finishCosine) implements MethodSettings {

    public static QgtSettings from(Config train) {
        SettingKeys q = SettingKeys.of(train, QgtMethod.NAME);
        LambdaSchedule.Ramp ramp = q.oneOf("ramp", LambdaSchedule.Ramp.class, "constant", "linear", "geometric");
        double factor = q.section().getDouble("factor");
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new ConfigError(q.key("factor") + " must be finite and >= 1, got " + factor);
        }
        LambdaSchedule lambda = LambdaSchedule.of(ramp, q.atLeastZero("warmup-epochs"), q.atLeastZero("lambda-start"),
                q.atLeastZero("lambda"), q.atLeastZero("ramp-epochs"), factor);
        LayerSettings<Double> alpha = new LayerSettings<>(q.atLeastZero("alpha"), NameValuePairs.parse(
                q.section().getStringList("layer-alpha"), q.key("layer-alpha"), Double::parseDouble));
        return new QgtSettings(q.layerBits(), q.flag("per-channel"), SettingKeys.weightScale(train),
                q.oneOf("penalty", QgtPenaltyKind.class, "grid-distance", "sine"), alpha, lambda,
                q.nonNegativeInt("finish-epochs"), q.positive("finish-lr-factor"),
                q.oneOf("finish-from", "quantized", "trained").equals("quantized"),
                q.oneOf("finish-lr-schedule", "constant", "cosine").equals("cosine"));
    }

    @Override
    public String method() {
        return QgtMethod.NAME;
    }

    @Override
    public Regularizer regularizer() {
        return new QgtRegularizer(lambda, bits, alpha, perChannel, penalty, scaleRule);
    }

    /** Hard quantization and fake-quantized fine-tuning after the regularized epochs; null when finish-epochs = 0. */
    @Override
    public QuantizedFinish finish() {
        return finishEpochs == 0 ? null : new QuantizedFinish(finishEpochs, finishLrFactor, finishCosine,
                finishFromQuantized, new FakeQuantization(bits, perChannel, scaleRule));
    }

    @Override
    public List<String> summary() {
        return List.of("lambda=" + SettingKeys.number(lambda.end()));
    }
}
