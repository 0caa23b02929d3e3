package lowbit.ptq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.GraphNode;
import lowbit.model.graph.GraphNode.Role;
import lowbit.engine.TrainableModel;

/**
 * The tensors an integer pipeline of a network (TensorFlow Lite style) stores quantized: see the package
 * documentation for the rule.
 */
public final class ActivationSites {

    private ActivationSites() {
    }

    /** The quantized tensors of a model whose foldable batch norms are folded (or are to be), in graph order. */
    public static List<String> of(TrainableModel model) {
        return of(model.graphNodes(), model.foldableBatchNorms().stream().map(BatchNormFold::layer).collect(Collectors.toSet()));
    }

    /**
     * @param graph       the network's nodes in topological order, the network output last
     * @param foldedInto  layers whose output feeds a batch norm folded into them
     */
    public static List<String> of(List<GraphNode> graph, Set<String> foldedInto) {
        Map<String, List<GraphNode>> consumers = new HashMap<>();
        for (GraphNode n : graph) {
            for (String in : n.inputs()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
        List<String> sites = new ArrayList<>();
        for (int i = 0; i < graph.size(); i++) {
            GraphNode n = graph.get(i);
            List<GraphNode> readers = consumers.getOrDefault(n.name(), List.of());
            boolean output = i == graph.size() - 1;
            boolean fusedIntoActivation = readers.size() == 1 && readers.get(0).role() == Role.ACTIVATION;
            boolean quantized = switch (n.role()) {
                case INPUT -> true;
                case MOVE -> false;
                case COMPUTE, ACTIVATION -> !output && !foldedInto.contains(n.name()) && !fusedIntoActivation;
            };
            if (quantized) sites.add(n.name());
        }
        return List.copyOf(sites);
    }
}
