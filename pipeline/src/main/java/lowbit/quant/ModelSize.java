package lowbit.quant;

import java.util.ArrayList;
import java.util.List;

/** Sum of {@link TensorSize}s of a model: float bytes, stored bytes and their ratio. */
public final class ModelSize {
    private final List<TensorSize> tensors = new ArrayList<>();

    public ModelSize add(TensorSize tensor) {
        tensors.add(tensor);
        return this;
    }

    public List<TensorSize> tensors() {
        return List.copyOf(tensors);
    }

    public long floatBytes() {
        return tensors.stream().mapToLong(TensorSize::floatBytes).sum();
    }

    public long storedBytes() {
        return tensors.stream().mapToLong(TensorSize::storedBytes).sum();
    }

    /** floatBytes / storedBytes; NaN for an empty model. */
    public double compressionRatio() {
        long stored = storedBytes();
        return stored == 0 ? Double.NaN : (double) floatBytes() / stored;
    }
}
