package lowbit.model.graph;

import java.util.List;

/** A feature map as one vector in [C, H, W] order. */
public record Flatten() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Shape.features(Op.single(this, inputs).size());
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
