package lowbit.engine;

import lowbit.tensor.Tensor;

import java.util.Set;

/**
 * Fake-quantizes named tensors of an inference pass ({@link TrainableModel#forward(Tensor, ActivationQuantizer)}):
 * the engine hands over each tensor it names here as soon as it is computed, and the next layers read the result.
 * Names are those of {@link TrainableModel#graphNodes()} (the input included).
 */
public interface ActivationQuantizer {

    /** Quantizes nothing: the float network. */
    ActivationQuantizer NONE = new ActivationQuantizer() {
        @Override
        public Set<String> tensors() {
            return Set.of();
        }

        @Override
        public void quantize(String tensor, float[] values) {
            throw new IllegalArgumentException("no quantizer for " + tensor);
        }
    };

    /** The names of the tensors this quantizes. */
    Set<String> tensors();

    /** Replaces the named tensor's values (any layout: per-tensor grids) by their fake-quantized values, in place. */
    void quantize(String tensor, float[] values);
}
