package lowbit.model.graph;

import java.util.List;

/** A named step of a {@link ModelGraph}: {@code op} applied to the outputs of the nodes named by {@code inputs}. */
public record Node(String name, Op op, List<String> inputs) {

    public Node {
        inputs = List.copyOf(inputs);
    }

    public boolean isInput() {
        return op == null;
    }
}
