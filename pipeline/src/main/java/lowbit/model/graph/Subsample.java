package lowbit.model.graph;

import java.util.List;

/** Every {@code stride}-th row and column, {@code x[:, :, ::stride, ::stride]}: a 1x1 window at that stride. */
public record Subsample(int stride) implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        Shape x = Op.image(this, inputs, -1);
        return Shape.image(x.channels(), (x.height() + stride - 1) / stride, (x.width() + stride - 1) / stride);
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
