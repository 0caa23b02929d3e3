package lowbit.model.graph;

import java.util.List;

/** Non-overlapping max pooling: kernel = stride = size, no padding. */
public record MaxPool(int size) implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        Shape x = Op.image(this, inputs, -1);
        return Padding.NONE.window(x, x.channels(), size, size);
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
