package lowbit.model.graph;

import java.util.List;

/** Zeros shaped like the input: the padding channels of a parameter-free shortcut. */
public record Zeros() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Op.single(this, inputs);
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
