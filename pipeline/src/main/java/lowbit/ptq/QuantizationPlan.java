package lowbit.ptq;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import lowbit.LowbitException;
import lowbit.model.graph.LayerSettings;
import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.quant.BitWidth;
import lowbit.quant.ScaleRule;

/**
 * Which weight views to quantize at how many bits (views not listed stay float32), with per-tensor or
 * per-output-channel scales, and whether batch norms are folded into their conv / depthwise conv first.
 */
public record QuantizationPlan(Map<String, Integer> bitsByView, boolean perChannel, boolean foldBatchNorm,
                               ScaleRule scaleRule) {

    public QuantizationPlan {
        bitsByView.forEach(QuantizationPlan::requireBits);
        bitsByView = Collections.unmodifiableMap(new LinkedHashMap<>(bitsByView));
        Objects.requireNonNull(scaleRule, "scaleRule");
    }

    /** With max scales, s = max|W| / n (the default grid). */
    public QuantizationPlan(Map<String, Integer> bitsByView, boolean perChannel, boolean foldBatchNorm) {
        this(bitsByView, perChannel, foldBatchNorm, ScaleRule.MAX);
    }

    /** The same settings with scales chosen by {@code rule}. */
    public QuantizationPlan withScaleRule(ScaleRule rule) {
        return new QuantizationPlan(bitsByView, perChannel, foldBatchNorm, rule);
    }

    /** Every conv, depthwise and dense weight of the model at the same bit width. */
    public static QuantizationPlan uniform(TrainableModel model, int bits, boolean perChannel, boolean foldBatchNorm) {
        requireBits("bits", bits);
        return perLayer(model, LayerSettings.uniform(bits), perChannel, foldBatchNorm, "bits");
    }

    /**
     * Every conv, depthwise and dense weight of the model at its layer's bit width (mixed precision).
     *
     * @param key the setting or option the bits came from, named in errors
     * @throws LowbitException naming {@code key} when a layer name or pattern matches no weight layer or bits are outside 1..8
     */
    public static QuantizationPlan perLayer(TrainableModel model, LayerSettings<Integer> bits, boolean perChannel,
                                            boolean foldBatchNorm, String key) {
        try {
            bits.requireKnown(model.parameterViews(), key);
        } catch (IllegalArgumentException e) {
            throw new LowbitException(e.getMessage());
        }
        Map<String, Integer> bitsByView = new LinkedHashMap<>();
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight()) {
                int b = bits.of(v);
                requireBits(key + " (" + v.layer() + ")", b);
                bitsByView.put(v.name(), b);
            }
        }
        return new QuantizationPlan(bitsByView, perChannel, foldBatchNorm);
    }

    /** The same settings with only the given weight views quantized (the others float32). */
    public QuantizationPlan restrictedTo(Collection<String> views) {
        Map<String, Integer> kept = new LinkedHashMap<>(bitsByView);
        kept.keySet().retainAll(views);
        return new QuantizationPlan(kept, perChannel, foldBatchNorm, scaleRule);
    }

    /** The same settings with other per-view bit widths. */
    public QuantizationPlan withBits(Map<String, Integer> bits) {
        return new QuantizationPlan(bits, perChannel, foldBatchNorm, scaleRule);
    }

    /** @throws LowbitException naming the view (or key) when bits is outside 1..8 */
    public static void requireBits(String key, int bits) {
        if (bits < BitWidth.MIN || bits > BitWidth.MAX) {
            throw new LowbitException(key + ": bits must be in " + BitWidth.MIN + ".." + BitWidth.MAX + ", got " + bits);
        }
    }
}
