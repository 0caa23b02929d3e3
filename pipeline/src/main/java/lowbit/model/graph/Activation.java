package lowbit.model.graph;

import java.util.List;

/** An elementwise nonlinearity as a node of its own. */
public record Activation(Nonlinearity function) implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Op.single(this, inputs);
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.ACTIVATION;
    }
}
