package lowbit.engine.dl4j;

import java.util.ArrayList;
import java.util.List;

import lowbit.model.graph.GraphNode;
import lowbit.model.graph.GraphNode.Role;
import lowbit.engine.dl4j.layers.PassThroughPreProcessor;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** A DL4J graph's vertices as {@link GraphNode}s, in the graph's topological order. */
final class Dl4jGraphNodes {

    private Dl4jGraphNodes() {
    }

    static List<GraphNode> of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<GraphNode> nodes = new ArrayList<>();
        for (int i : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[i].getVertexName();
            nodes.add(conf.getNetworkInputs().contains(name)
                    ? new GraphNode(name, Role.INPUT, List.of())
                    : new GraphNode(name, role(conf.getVertices().get(name)), conf.getVertexInputs().get(name)));
        }
        return List.copyOf(nodes);
    }

    private static Role role(GraphVertex vertex) {
        if (vertex instanceof LayerVertex lv) {
            Layer layer = lv.getLayerConf().getLayer();
            if (layer instanceof ActivationLayer) return Role.ACTIVATION;
            if (layer instanceof SubsamplingLayer s && s.getPoolingType() == PoolingType.MAX) return Role.MOVE;
            return Role.COMPUTE;
        }
        // the zoo's pass-through vertices name the activation their batch norm applied
        if (vertex instanceof PreprocessorVertex p && p.getPreProcessor() instanceof PassThroughPreProcessor) return Role.ACTIVATION;
        if (vertex instanceof MergeVertex || vertex instanceof SubsetVertex) return Role.MOVE;
        if (vertex instanceof ScaleVertex s && s.getScaleFactor() == 0) return Role.MOVE;
        return Role.COMPUTE;
    }
}
