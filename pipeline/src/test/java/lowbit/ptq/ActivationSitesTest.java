package lowbit.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import lowbit.model.graph.GraphNode;
import lowbit.model.graph.GraphNode.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which tensors an integer pipeline stores quantized, on a small graph with each case of the rule. */
@Tag("unit")
class ActivationSitesTest {

    private static GraphNode node(String name, Role role, String... inputs) {
        return new GraphNode(name, role, List.of(inputs));
    }

    @Test
    void theInputActivationOutputsAndUnfusedLayerOutputsAreQuantized() {
        List<GraphNode> graph = List.of(
                node("input", Role.INPUT),
                node("conv", Role.COMPUTE, "input"),    // its batch norm is folded into it: fused
                node("bn", Role.COMPUTE, "conv"),       // its only reader is an activation: fused
                node("act", Role.ACTIVATION, "bn"),     // quantized
                node("pool", Role.MOVE, "act"),         // max pooling keeps its input's grid
                node("dw", Role.COMPUTE, "pool"),       // no batch norm after it: quantized (the quant-friendly block)
                node("add", Role.COMPUTE, "dw", "act"), // feeds an activation only: fused
                node("relu", Role.ACTIVATION, "add"),
                node("bn2", Role.COMPUTE, "relu"),      // read by a layer and an activation: quantized
                node("relu2", Role.ACTIVATION, "bn2"),
                node("sum", Role.COMPUTE, "bn2", "relu2"),
                node("fc", Role.COMPUTE, "sum"));       // the network output stays float
        assertEquals(List.of("input", "act", "dw", "relu", "bn2", "relu2", "sum"), ActivationSites.of(graph, Set.of("conv")));
    }

    @Test
    void withoutFoldingTheConvolutionOutputIsQuantized() {
        List<GraphNode> graph = List.of(node("input", Role.INPUT), node("conv", Role.COMPUTE, "input"),
                node("bn", Role.COMPUTE, "conv"), node("fc", Role.COMPUTE, "bn"));
        assertEquals(List.of("input", "conv", "bn"), ActivationSites.of(graph, Set.of()));
        assertEquals(List.of("input", "bn"), ActivationSites.of(graph, Set.of("conv")));
    }
}
