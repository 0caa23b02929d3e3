package lowbit.engine.torch;

import java.util.List;

import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import org.bytedeco.pytorch.Tensor;

/**
 * A {@link ModelGraph} on libtorch: its nodes in run order (node 0 the input), each with its op's libtorch
 * implementation and the positions of its inputs; the last node added produces the logits.
 */
final class TorchNet {

    private final ModelGraph graph;
    private final TorchOp[] ops;
    private final int[][] inputs;
    private final int[] consumers;
    private final int output;

    TorchNet(ModelGraph graph) {
        this.graph = graph;
        List<Node> nodes = graph.nodes();
        ops = new TorchOp[nodes.size()];
        inputs = new int[nodes.size()][];
        consumers = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            ops[i] = n.isInput() ? null : TorchLayers.of(n.op());
            inputs[i] = n.inputs().stream().mapToInt(graph::indexOf).toArray();
            for (int in : inputs[i]) consumers[in]++;
        }
        output = graph.indexOf(graph.output().name());
    }

    ModelGraph graph() {
        return graph;
    }

    int size() {
        return ops.length;
    }

    TorchOp op(int node) {
        return ops[node];
    }

    /** The position of the node producing the logits. */
    int output() {
        return output;
    }

    /** Replaces a node's output before the nodes after it read it. */
    interface OutputHook {
        Tensor after(int node, Tensor output);
    }

    /**
     * Runs every node; returns the outputs indexed like {@link ModelGraph#nodes()}, each passed through {@code hook}
     * (null: none), the input's too.
     *
     * @param params      per node, its trainable tensors; {@code state} likewise its batch-norm state tensors
     * @param keepOutputs every node's output stays as computed; else ops may overwrite an input that only they read
     */
    Tensor[] run(Tensor input, Tensor[][] params, Tensor[][] state, boolean training, boolean keepOutputs, OutputHook hook) {
        Tensor[] out = new Tensor[ops.length];
        out[0] = hook == null ? input : hook.after(0, input);
        for (int i = 1; i < ops.length; i++) {
            Tensor[] in = new Tensor[inputs[i].length];
            for (int k = 0; k < in.length; k++) in[k] = out[inputs[i][k]];
            boolean overwrite = !keepOutputs && in.length == 1 && inputs[i][0] > 0 && consumers[inputs[i][0]] == 1;
            out[i] = ops[i].apply(in, params[i], state[i], training, overwrite);
            if (hook != null) out[i] = hook.after(i, out[i]);
        }
        return out;
    }

    Tensor[] run(Tensor input, Tensor[][] params, Tensor[][] state, boolean training, boolean keepOutputs) {
        return run(input, params, state, training, keepOutputs, null);
    }
}
