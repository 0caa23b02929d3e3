package lowbit.model.graph;

import java.util.List;

/** Average pooling of square windows without padding (Keras {@code AveragePooling2D}, {@code valid}). */
public record AvgPool(int kernel, int stride) implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        Shape x = Op.image(this, inputs, -1);
        return Padding.NONE.window(x, x.channels(), kernel, stride);
    }
}
