package lowbit.ptq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lowbit.engine.Engine;
import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/**
 * Naive post-training quantization of any trained model: optionally fold batch norms, then round every
 * planned weight view to its symmetric b-bit grid (round to nearest, scales from max|W| per tensor or per
 * output channel); activations stay float unless a forward pass is given {@link #calibrateActivations}.
 */
public final class PostTrainingQuantization {

    private PostTrainingQuantization() {
    }

    public static QuantizedModel apply(TrainableModel model, QuantizationPlan plan) {
        ModelBuffers buffers = new ModelBuffers(model);
        List<String> constants = plan.foldBatchNorm() ? BatchNormFolder.fold(buffers, model.foldableBatchNorms()) : List.of();
        List<QuantizedTensor> quantized = new ArrayList<>();
        for (Map.Entry<String, Integer> e : plan.bitsByView().entrySet()) {
            ParamView view = buffers.requireTrainable(e.getKey());
            if (!view.kind().isWeight()) {
                throw new IllegalArgumentException(view.name() + " is " + view.kind() + ", not a weight");
            }
            QuantizedTensor q = QuantizedTensor.of(view, buffers.read(view), e.getValue(), plan.perChannel(), plan.scaleRule());
            buffers.write(view, q.dequantized());
            quantized.add(q);
        }
        return new QuantizedModel(buffers.parameters, buffers.state, quantized, Set.copyOf(constants));
    }

    /**
     * TensorFlow-style activation quantization of a model (normally its weight-quantized copy): asymmetric b-bit
     * grids per tensor on the {@link ActivationSites}, with min/max ranges over float inference passes on
     * {@code calibration}.
     */
    public static CalibratedActivations calibrateActivations(TrainableModel model, Iterable<Tensor> calibration, int bits) {
        return calibrateActivations(model, calibration, bits, ActivationRangeRule.MINMAX);
    }

    /** The same with the ranges chosen by {@code rule} from the calibration values. */
    public static CalibratedActivations calibrateActivations(TrainableModel model, Iterable<Tensor> calibration, int bits,
                                                             ActivationRangeRule rule) {
        return new CalibratedActivations(ActivationRanges.calibrate(model, ActivationSites.of(model), calibration, rule, bits), bits);
    }

    /** A new model of the same architecture computing with the quantized weights; {@code model} is unchanged. */
    public static TrainableModel quantizedCopy(TrainableModel model, QuantizationPlan plan, Engine engine) {
        TrainableModel copy = engine.build(model.architecture());
        apply(model, plan).applyTo(copy);
        return copy;
    }
}
