package lowbit.engine.torch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import lowbit.engine.BatchNormFold;
import lowbit.engine.ParamView;
import org.bytedeco.pytorch.Tensor;

/**
 * A network as a list of named nodes in topological order, node 0 being the input; the last node produces the
 * logits. Knows where each node's parameters sit in the flat trainable and state buffers (its views, in node
 * order, so in the order of DL4J's flat vector for the same graph).
 */
final class TorchNet {

    static final String INPUT = "input";

    record Node(String name, TorchOp op, int[] inputs) {
    }

    /** Where a node's parameters are: indices into {@link #trainableViews()} and {@link #stateViews()}. */
    record Slots(int[] trainable, int[] state) {
    }

    private final List<Node> nodes;
    private final List<ParamView> trainable = new ArrayList<>();
    private final List<ParamView> state = new ArrayList<>();
    private final List<Slots> slots = new ArrayList<>();
    private final List<TorchOp.Param> trainableInit = new ArrayList<>();
    private final List<TorchOp.Param> stateInit = new ArrayList<>();
    private final int[] consumers;

    private TorchNet(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
        consumers = new int[nodes.size()];
        for (Node n : nodes) {
            for (int in : n.inputs) consumers[in]++;
        }
        int trainableOffset = 0;
        int stateOffset = 0;
        for (Node node : nodes) {
            List<Integer> t = new ArrayList<>();
            if (node.op == null) { // the input
                slots.add(new Slots(new int[0], new int[0]));
                continue;
            }
            List<Integer> s = new ArrayList<>();
            for (TorchOp.Param p : node.op.params()) {
                String name = node.name + "/" + p.key();
                if (p.isState()) {
                    ParamView v = new ParamView(name, p.kind(), stateOffset, p.shape(), p.outAxis());
                    s.add(state.size());
                    state.add(v);
                    stateInit.add(p);
                    stateOffset += v.length();
                } else {
                    ParamView v = new ParamView(name, p.kind(), trainableOffset, p.shape(), p.outAxis());
                    t.add(trainable.size());
                    trainable.add(v);
                    trainableInit.add(p);
                    trainableOffset += v.length();
                }
            }
            slots.add(new Slots(t.stream().mapToInt(Integer::intValue).toArray(), s.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    List<Node> nodes() {
        return nodes;
    }

    List<ParamView> trainableViews() {
        return List.copyOf(trainable);
    }

    List<ParamView> stateViews() {
        return List.copyOf(state);
    }

    Slots slots(int node) {
        return slots.get(node);
    }

    /** Initialization of each trainable view, in view order. */
    List<TorchOp.Param> trainableInit() {
        return List.copyOf(trainableInit);
    }

    List<TorchOp.Param> stateInit() {
        return List.copyOf(stateInit);
    }

    static int length(List<ParamView> views) {
        return views.stream().mapToInt(ParamView::length).sum();
    }

    /**
     * Runs every node; returns the outputs indexed like {@link #nodes()}.
     *
     * @param params      per node, its trainable tensors; {@code state} likewise its batch-norm state tensors
     * @param keepOutputs every node's output stays as computed; else ops may overwrite an input that only they read
     */
    Tensor[] run(Tensor input, Tensor[][] params, Tensor[][] state, boolean training, boolean keepOutputs) {
        Tensor[] out = new Tensor[nodes.size()];
        out[0] = input;
        for (int i = 1; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Tensor[] in = new Tensor[node.inputs.length];
            for (int k = 0; k < in.length; k++) in[k] = out[node.inputs[k]];
            boolean overwrite = !keepOutputs && in.length == 1 && node.inputs[0] > 0 && consumers[node.inputs[0]] == 1;
            out[i] = node.op.apply(in, params[i], state[i], training, overwrite);
        }
        return out;
    }

    /** Batch norms fed only by a foldable layer that feeds nothing else. */
    List<BatchNormFold> foldableBatchNorms() {
        List<BatchNormFold> folds = new ArrayList<>();
        for (Node n : nodes.subList(1, nodes.size())) {
            if (n.op.isBatchNorm() && n.inputs.length == 1) {
                Node producer = nodes.get(n.inputs[0]);
                if (producer.op.foldsBatchNorm() && consumers[n.inputs[0]] == 1) {
                    folds.add(new BatchNormFold(producer.name, n.name, TorchLayers.BN_EPS));
                }
            }
        }
        return List.copyOf(folds);
    }

    /** Adds nodes in order; a node without explicit inputs consumes the previous one. */
    static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        Builder() {
            nodes.add(new Node(INPUT, null, new int[0]));
            index.put(INPUT, 0);
        }

        String add(String name, TorchOp op, String... inputs) {
            if (index.containsKey(name)) throw new IllegalArgumentException("duplicate node " + name);
            int[] in = new int[Math.max(1, inputs.length)];
            if (inputs.length == 0) {
                in[0] = nodes.size() - 1;
            } else {
                for (int k = 0; k < inputs.length; k++) {
                    Integer i = index.get(inputs[k]);
                    if (i == null) throw new IllegalArgumentException(name + ": unknown input " + inputs[k]);
                    in[k] = i;
                }
            }
            index.put(name, nodes.size());
            nodes.add(new Node(name, op, in));
            return name;
        }

        TorchNet build() {
            return new TorchNet(nodes);
        }
    }
}
