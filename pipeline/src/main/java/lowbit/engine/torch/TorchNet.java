package lowbit.engine.torch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lowbit.engine.BatchNormFold;
import lowbit.engine.GraphNode;
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
    private final int[] added;

    /** @param added per node, its position in the order the nodes were added (the graph order of DL4J's configuration) */
    private TorchNet(List<Node> nodes, int[] added) {
        this.nodes = List.copyOf(nodes);
        this.added = added;
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
        return run(input, params, state, training, keepOutputs, null);
    }

    /** Replaces a node's output before the nodes after it read it. */
    interface OutputHook {
        Tensor after(int node, Tensor output);
    }

    /** As {@link #run(Tensor, Tensor[][], Tensor[][], boolean, boolean)}, passing each output (the input's too) through {@code hook} (null: none). */
    Tensor[] run(Tensor input, Tensor[][] params, Tensor[][] state, boolean training, boolean keepOutputs, OutputHook hook) {
        Tensor[] out = new Tensor[nodes.size()];
        out[0] = hook == null ? input : hook.after(0, input);
        for (int i = 1; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Tensor[] in = new Tensor[node.inputs.length];
            for (int k = 0; k < in.length; k++) in[k] = out[node.inputs[k]];
            boolean overwrite = !keepOutputs && in.length == 1 && node.inputs[0] > 0 && consumers[node.inputs[0]] == 1;
            out[i] = node.op.apply(in, params[i], state[i], training, overwrite);
            if (hook != null) out[i] = hook.after(i, out[i]);
        }
        return out;
    }

    /** The nodes with their roles and input names, in run order. */
    List<GraphNode> graph() {
        List<GraphNode> graph = new ArrayList<>();
        for (Node n : nodes) {
            List<String> inputs = Arrays.stream(n.inputs).mapToObj(i -> nodes.get(i).name).toList();
            graph.add(new GraphNode(n.name, n.op == null ? GraphNode.Role.INPUT : n.op.role(), inputs));
        }
        return List.copyOf(graph);
    }

    /** Batch norms fed only by a foldable layer that feeds nothing else, in the order the nodes were added. */
    List<BatchNormFold> foldableBatchNorms() {
        List<BatchNormFold> folds = new ArrayList<>();
        Node[] byAdded = new Node[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) byAdded[added[i]] = nodes.get(i);
        for (Node n : Arrays.asList(byAdded).subList(1, nodes.size())) {
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

        /** The nodes in the order DL4J runs (and lays out the parameters of) the same graph: {@link #dl4jOrder}. */
        TorchNet build() {
            int[] order = dl4jOrder(nodes);
            int[] position = new int[order.length];
            for (int k = 0; k < order.length; k++) position[order[k]] = k;
            List<Node> sorted = new ArrayList<>();
            for (int i : order) {
                Node n = nodes.get(i);
                sorted.add(new Node(n.name, n.op, Arrays.stream(n.inputs).map(in -> position[in]).toArray()));
            }
            return new TorchNet(sorted, order);
        }
    }

    /**
     * The topological order DL4J's ComputationGraph gives a graph whose vertices were added in this order (the input
     * first): Kahn's algorithm with a FIFO queue, visiting each vertex's consumers in the iteration order of a
     * {@code HashSet<Integer>} of their insertion indices, as DL4J (1.0.0-M2) does. DL4J lays out the flat parameter
     * vector in this order, so two branches with parameters (projection shortcuts, ensemble members) are interleaved
     * by it; a test compares the resulting views with DL4J's for every zoo model.
     */
    static int[] dl4jOrder(List<Node> nodes) {
        List<Set<Integer>> consumers = new ArrayList<>();
        List<Set<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new HashSet<>());
            pending.add(new HashSet<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int in : nodes.get(i).inputs) {
                pending.get(i).add(in);
                consumers.get(in).add(i);
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        ready.add(0);
        int[] order = new int[nodes.size()];
        int count = 0;
        while (!ready.isEmpty()) {
            int next = ready.removeFirst();
            order[count++] = next;
            for (int c : consumers.get(next)) {
                Set<Integer> waiting = pending.get(c);
                waiting.remove(next);
                if (waiting.isEmpty()) ready.add(c);
            }
        }
        if (count != nodes.size()) throw new IllegalStateException("the graph has a cycle or an unreachable node");
        return order;
    }
}
