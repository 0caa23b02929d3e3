package lowbit.model.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network defined once for every engine: named nodes from the input to the logits, each an {@link Op} on earlier
 * nodes' outputs, with every node's output shape and every parameter's place in two flat buffers (trainable parameters,
 * batch-norm state). Nodes run, and their parameters are laid out, in the topological order DL4J computes for the
 * nodes in the order they were added ({@link #runOrder}), so parameters move between the engines as they are.
 * The last node added produces the logits: a classifier ({@link Dense}) or a {@link SoftmaxOutput}.
 */
public final class ModelGraph {

    public static final String INPUT = "input";

    private final long seed;
    private final List<Node> added;
    private final List<Node> nodes;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Shape> shapes;
    private final List<ParamView> trainable = new ArrayList<>();
    private final List<ParamView> state = new ArrayList<>();
    private final List<Param> trainableParams = new ArrayList<>();
    private final List<Param> stateParams = new ArrayList<>();
    private final int[][] trainableSlots;
    private final int[][] stateSlots;

    private ModelGraph(long seed, List<Node> added, Map<String, Shape> shapes) {
        this.seed = seed;
        this.added = List.copyOf(added);
        this.shapes = Map.copyOf(shapes);
        List<Node> ordered = new ArrayList<>();
        for (int i : runOrder(added)) ordered.add(added.get(i));
        this.nodes = List.copyOf(ordered);
        trainableSlots = new int[nodes.size()][];
        stateSlots = new int[nodes.size()][];
        int trainableOffset = 0;
        int stateOffset = 0;
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            index.put(node.name(), n);
            List<Integer> t = new ArrayList<>();
            List<Integer> s = new ArrayList<>();
            for (Param p : node.isInput() ? List.<Param>of() : node.op().params()) {
                String name = node.name() + "/" + p.key();
                if (p.isState()) {
                    s.add(state.size());
                    state.add(new ParamView(name, p.kind(), stateOffset, p.shape(), p.outAxis()));
                    stateParams.add(p);
                    stateOffset += p.length();
                } else {
                    t.add(trainable.size());
                    trainable.add(new ParamView(name, p.kind(), trainableOffset, p.shape(), p.outAxis()));
                    trainableParams.add(p);
                    trainableOffset += p.length();
                }
            }
            trainableSlots[n] = t.stream().mapToInt(Integer::intValue).toArray();
            stateSlots[n] = s.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The seed the engines initialize the parameters (and noise nodes their generators) from. */
    public long seed() {
        return seed;
    }

    /** The nodes in run order, the input first. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The nodes in the order they were added (DL4J's configuration order), the input first. */
    public List<Node> addedOrder() {
        return added;
    }

    /** Position of a node in {@link #nodes()}. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) throw new IllegalArgumentException("no node " + name);
        return i;
    }

    public Node node(String name) {
        return nodes.get(indexOf(name));
    }

    /** One example's output shape at a node. */
    public Shape shape(String name) {
        return shapes.get(name);
    }

    public Shape inputShape() {
        return shapes.get(INPUT);
    }

    /** The node producing the logits (the last one added). */
    public Node output() {
        return added.get(added.size() - 1);
    }

    public int classes() {
        return shape(output().name()).channels();
    }

    /** The trainable parameters' views, in buffer order. */
    public List<ParamView> trainableViews() {
        return List.copyOf(trainable);
    }

    /** The batch-norm state's views, in buffer order. */
    public List<ParamView> stateViews() {
        return List.copyOf(state);
    }

    /** How each trainable view starts, in view order. */
    public List<Param> trainableParams() {
        return List.copyOf(trainableParams);
    }

    public List<Param> stateParams() {
        return List.copyOf(stateParams);
    }

    /** Indices into {@link #trainableViews()} of node {@code n}'s parameters, in its op's order. */
    public int[] trainableSlots(int n) {
        return trainableSlots[n].clone();
    }

    public int[] stateSlots(int n) {
        return stateSlots[n].clone();
    }

    /** Every node with its role and input names, in run order. */
    public List<GraphNode> graphNodes() {
        List<GraphNode> g = new ArrayList<>();
        for (Node n : nodes) g.add(new GraphNode(n.name(), n.isInput() ? GraphNode.Role.INPUT : n.op().role(), n.inputs()));
        return List.copyOf(g);
    }

    /** Batch norms fed only by a layer that folds them and feeds nothing else, in the order the nodes were added. */
    public List<BatchNormFold> foldableBatchNorms() {
        List<BatchNormFold> folds = new ArrayList<>();
        for (Node n : added) {
            if (n.op() instanceof BatchNorm bn && n.inputs().size() == 1) {
                Node producer = node(n.inputs().get(0));
                if (!producer.isInput() && producer.op().foldsBatchNorm() && consumers(producer.name()) == 1) {
                    folds.add(new BatchNormFold(producer.name(), n.name(), bn.eps()));
                }
            }
        }
        return List.copyOf(folds);
    }

    /** How many nodes read a node's output. */
    public int consumers(String name) {
        int c = 0;
        for (Node n : nodes) {
            if (n.inputs().contains(name)) c++;
        }
        return c;
    }

    /** Multiply-accumulates of one example's forward pass (convolutions, depthwise convolutions, dense layers). */
    public long macs() {
        long m = 0;
        for (Node n : nodes) {
            if (!n.isInput()) m += n.op().macs(shapes.get(n.name()));
        }
        return m;
    }

    /**
     * The topological order DL4J's ComputationGraph gives nodes added in this order (the input first): Kahn's algorithm
     * with a FIFO queue, visiting each node's consumers in the iteration order of a {@code HashSet<Integer>} of their
     * insertion indices, as DL4J (1.0.0-M2) does. DL4J lays out its flat parameter vector in this order, which
     * interleaves parallel branches with parameters (projection shortcuts, ensemble members).
     */
    static int[] runOrder(List<Node> nodes) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) position.put(nodes.get(i).name(), i);
        List<Set<Integer>> consumers = new ArrayList<>();
        List<Set<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new HashSet<>());
            pending.add(new HashSet<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                pending.get(i).add(position.get(in));
                consumers.get(position.get(in)).add(i);
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

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Node n : nodes) {
            s.append(n.name()).append(" = ").append(n.isInput() ? "input" : n.op()).append(n.inputs().isEmpty() ? "" : " " + n.inputs())
                    .append(" -> ").append(shapes.get(n.name())).append('\n');
        }
        return s.toString();
    }

    /** Adds nodes in order; a node without explicit inputs reads the one added before it. */
    public static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Shape> shapes = new LinkedHashMap<>();
        private final long seed;

        public Builder(Shape input, long seed) {
            this.seed = seed;
            nodes.add(new Node(INPUT, null, List.of()));
            shapes.put(INPUT, input);
        }

        /** Adds a node and returns its name; the op is checked against its inputs' shapes. */
        public String add(String name, Op op, String... inputs) {
            if (shapes.containsKey(name)) throw new IllegalArgumentException("duplicate node " + name);
            List<String> in = inputs.length == 0 ? List.of(last()) : Arrays.asList(inputs);
            List<Shape> inShapes = new ArrayList<>();
            for (String i : in) {
                Shape s = shapes.get(i);
                if (s == null) throw new IllegalArgumentException(name + ": unknown input " + i);
                inShapes.add(s);
            }
            try {
                shapes.put(name, op.output(inShapes));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + name + ": " + e.getMessage(), e);
            }
            nodes.add(new Node(name, op, in));
            return name;
        }

        /** The name of the node added last. */
        public String last() {
            return nodes.get(nodes.size() - 1).name();
        }

        /** One example's output shape at a node added so far. */
        public Shape shape(String name) {
            return shapes.get(name);
        }

        public ModelGraph build() {
            Op last = nodes.get(nodes.size() - 1).op();
            if (!(last instanceof Dense d && d.function() == Nonlinearity.IDENTITY) && !(last instanceof SoftmaxOutput)) {
                throw new IllegalArgumentException("a graph ends in a classifier (Dense without activation) or a SoftmaxOutput, not " + last);
            }
            return new ModelGraph(seed, nodes, shapes);
        }
    }
}
