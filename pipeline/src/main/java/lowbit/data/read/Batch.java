package lowbit.data.read;

import lowbit.tensor.Tensor;

import java.io.Serializable;

/** An engine-neutral minibatch: NCHW features and one class index per example. */
public record Batch(Tensor features, int[] labels) implements Serializable {
    public Batch {
        if (features.dim(0) != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + features.dim(0) + " examples");
        }
    }

    public int size() {
        return labels.length;
    }
}
