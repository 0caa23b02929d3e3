package lowbit.model.graph;

import java.util.List;

/**
 * One named tensor of a network and the op that produces it, as activation quantization sees the graph.
 *
 * @param inputs names of the nodes it reads (empty for the network input)
 */
public record GraphNode(String name, Role role, List<String> inputs) {

    public GraphNode {
        inputs = List.copyOf(inputs);
    }

    public enum Role {
        /** The network input. */
        INPUT,
        /** Computes new values: convolution, dense, batch norm (with the activation it may apply), addition, average pooling. */
        COMPUTE,
        /**
         * An elementwise activation of its one input, or the vertex that names the activation the layer before it
         * already applied (DL4J's pass-through after a batch norm with a fused activation).
         */
        ACTIVATION,
        /** Moves values only: each output value is one of its inputs' values or 0 (max pooling, subsampling, concatenation, channel slices, zeros). */
        MOVE
    }
}
