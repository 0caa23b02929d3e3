package lowbit.method;

import lowbit.model.graph.ParamView;

import java.io.Serializable;
import java.util.List;

/**
 * Replaces the weights the forward pass sees (e.g. fake quantization for QAT) while the optimizer keeps
 * updating latent weights with the gradient taken at the transformed ones (straight-through estimator).
 */
public interface WeightTransform extends Serializable {

    /** The parameters the workers compute with; a new array. */
    float[] apply(float[] latent, List<ParamView> views);
}
