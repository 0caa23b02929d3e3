package lowbit.model.graph;

import java.util.Arrays;

/** The shape of one example's tensor at a node: [channels, height, width] for feature maps, [features] after pooling. */
public record Shape(int[] dims) {

    public Shape {
        dims = dims.clone();
        if (dims.length != 1 && dims.length != 3) throw new IllegalArgumentException("shape rank must be 1 or 3: " + Arrays.toString(dims));
        for (int d : dims) {
            if (d <= 0) throw new IllegalArgumentException("non-positive dimension in " + Arrays.toString(dims));
        }
    }

    public static Shape image(int channels, int height, int width) {
        return new Shape(new int[] {channels, height, width});
    }

    public static Shape features(int count) {
        return new Shape(new int[] {count});
    }

    public boolean isImage() {
        return dims.length == 3;
    }

    /** Channels of a feature map, the length of a feature vector. */
    public int channels() {
        return dims[0];
    }

    public int height() {
        return requireImage()[1];
    }

    public int width() {
        return requireImage()[2];
    }

    /** Values per example. */
    public int size() {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    private int[] requireImage() {
        if (!isImage()) throw new IllegalStateException("a feature vector " + this + " has no height or width");
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
