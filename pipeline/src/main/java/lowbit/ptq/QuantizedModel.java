package lowbit.ptq;

import java.util.List;
import java.util.Set;

import lowbit.engine.TrainableModel;

/**
 * A model after post-training quantization: the flat parameters and batch-norm state the network computes
 * with (dequantized weights, folded batch norms), the quantized weight tensors, and the views that folding
 * turned into constants.
 */
public record QuantizedModel(float[] parameters, float[] batchNormState, List<QuantizedTensor> quantized,
                             Set<String> constantViews) {

    public QuantizedModel {
        quantized = List.copyOf(quantized);
        constantViews = Set.copyOf(constantViews);
    }

    /** Loads these parameters and state into a model of the same architecture. */
    public void applyTo(TrainableModel model) {
        model.setParameters(parameters);
        model.setBatchNormState(batchNormState);
    }

    public QuantizedTensor quantized(String view) {
        return quantized.stream().filter(q -> q.view().name().equals(view)).findFirst().orElse(null);
    }
}
