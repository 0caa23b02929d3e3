package lowbit.model.graph;

import java.util.Arrays;

/**
 * A named slice {@code [offset, offset + length)} of a flat buffer, e.g. {@code conv1/W}.
 * {@code shape} is the row-major (C order) layout of the slice's values in the buffer and
 * {@code outAxis} is the axis of {@code shape} that indexes output channels (0 for 1-D slices).
 */
public record ParamView(String name, ParamKind kind, int offset, int[] shape, int outAxis) {

    public ParamView {
        shape = shape.clone();
        if (outAxis < 0 || outAxis >= shape.length) {
            throw new IllegalArgumentException(name + ": outAxis " + outAxis + " outside " + Arrays.toString(shape));
        }
    }

    /** The layer (graph vertex) this view belongs to: its name before the last '/', e.g. conv1 of conv1/W. */
    public String layer() {
        return layerOf(name);
    }

    /** The layer of a view name: {@code conv1} of {@code conv1/W}. */
    public static String layerOf(String viewName) {
        int slash = viewName.lastIndexOf('/');
        return slash < 0 ? viewName : viewName.substring(0, slash);
    }

    public int length() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    public int outChannels() {
        return shape[outAxis];
    }

    /** A copy of this slice of {@code flat}. */
    public float[] read(float[] flat) {
        return Arrays.copyOfRange(flat, offset, offset + length());
    }

    /** Writes {@code values} into this slice of {@code flat}. */
    public void write(float[] flat, float[] values) {
        if (values.length != length()) {
            throw new IllegalArgumentException(name + " has " + length() + " values, got " + values.length);
        }
        System.arraycopy(values, 0, flat, offset, values.length);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamView v && name.equals(v.name) && kind == v.kind && offset == v.offset
                && Arrays.equals(shape, v.shape) && outAxis == v.outAxis;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + offset;
    }

    @Override
    public String toString() {
        return name + " " + kind + " " + Arrays.toString(shape) + " @" + offset + " out axis " + outAxis;
    }
}
