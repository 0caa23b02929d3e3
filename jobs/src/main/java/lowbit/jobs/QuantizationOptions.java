package lowbit.jobs;

import lowbit.engine.TrainableModel;
import lowbit.ptq.QuantizationPlan;
import lowbit.quant.ScaleRule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Scale granularity and rule and batch-norm folding of a uniform post-training quantization plan. */
final class QuantizationOptions {
    @Option(names = "--per-channel", description = "One scale per output channel (default: one per tensor)")
    boolean perChannel;

    @Option(names = "--no-fold", description = "Do not fold batch norms into the preceding convolutions")
    boolean noFold;

    @Option(names = "--scale", defaultValue = "max", converter = ScaleRuleConverter.class,
            description = "Grid scale: max (max|W| / n) or mse (the clip level with the least squared error); default ${DEFAULT-VALUE}")
    ScaleRule scale;

    /** @throws lowbit.LowbitException naming --bits when bits is outside 1..8 */
    QuantizationPlan plan(TrainableModel model, int bits) {
        QuantizationPlan.requireBits("--bits", bits);
        return QuantizationPlan.uniform(model, bits, perChannel, !noFold).withScaleRule(scale);
    }

    static final class ScaleRuleConverter implements ITypeConverter<ScaleRule> {
        @Override
        public ScaleRule convert(String value) {
            try {
                return ScaleRule.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--scale: " + e.getMessage());
            }
        }
    }
}
