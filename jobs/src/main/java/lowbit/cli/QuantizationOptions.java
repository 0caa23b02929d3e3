package lowbit.cli;

import lowbit.config.NameValuePairs;
import lowbit.engine.TrainableModel;
import lowbit.model.graph.LayerSettings;
import lowbit.ptq.QuantizationPlan;
import lowbit.quant.ScaleRule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.List;

/** Bits per layer (uniform or mixed), scale granularity and rule, and batch-norm folding of a quantization plan. */
final class QuantizationOptions {
    @Option(names = "--per-channel", description = "One scale per output channel (default: one per tensor)")
    boolean perChannel;

    @Option(names = "--no-fold", description = "Do not fold batch norms into the preceding convolutions")
    boolean noFold;

    @Option(names = "--scale", defaultValue = "max", converter = ScaleRuleConverter.class,
            description = "Grid scale: max (max|W| / n) or mse (the clip level with the least squared error); default ${DEFAULT-VALUE}")
    ScaleRule scale;

    @Option(names = "--layer-bits", split = ",", paramLabel = "LAYER=B",
            description = {"Mixed precision: these layers at other bits than --bits, by name or glob pattern, e.g.",
                    "conv=8,b*.dw=8,fc=8 (exact names first, then the first matching pattern); report-layers --allocation writes them"})
    List<String> layerBits = List.of();

    /** @throws lowbit.LowbitException naming --bits or --layer-bits when a width is outside 1..8 or a layer is unknown */
    QuantizationPlan plan(TrainableModel model, int bits) {
        QuantizationPlan.requireBits("--bits", bits);
        LayerSettings<Integer> perLayer = new LayerSettings<>(bits, NameValuePairs.layerBits(layerBits, "--layer-bits"));
        return QuantizationPlan.perLayer(model, perLayer, perChannel, !noFold, "--layer-bits").withScaleRule(scale);
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
