package lowbit.model.graph;

import java.util.List;

/** The first {@code count} channels, {@code x[:, :count]}. */
public record FirstChannels(int count) implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        Shape x = Op.image(this, inputs, -1);
        if (count < 1 || count > x.channels()) throw new IllegalArgumentException(this + " of " + x);
        return Shape.image(count, x.height(), x.width());
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
