package lowbit.tensor;

import java.io.Serializable;
import java.util.Arrays;

/** A dense float32 tensor in row-major (C) order, e.g. an NCHW image batch or N x classes outputs. */
public record Tensor(int[] shape, float[] data) implements Serializable {

    public Tensor {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("non-positive dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, data);
    }

    /** One-hot rows [labels.length, classes] for the labels of a batch of {@code examples}. */
    public static Tensor oneHot(int[] labels, int examples, int classes) {
        if (labels.length != examples) throw new IllegalArgumentException(labels.length + " labels for " + examples + " examples");
        float[] oneHot = new float[examples * classes];
        for (int i = 0; i < examples; i++) {
            if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + labels[i]);
            oneHot[i * classes + labels[i]] = 1f;
        }
        return of(oneHot, examples, classes);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** The value at row-major position (i, j) of a rank-2 tensor. */
    public float get(int i, int j) {
        return data[i * shape[1] + j];
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }
}
