package lowbit.bench;

import java.util.Map;

import lowbit.model.ModelZoo;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;

/**
 * The arithmetic of one image through each benchmark model, for bench/roofline: multiply-adds of convolutions,
 * depthwise convolutions and dense layers (batch norm, activations and pooling are not counted). A training step
 * repeats each layer's multiply-adds for its weight gradient and for its input gradient, except the input gradient of
 * layers that read the image, which training never computes. Prints per model:
 * {@code WORK model=<id> infer_macs=<n> train_macs=<n>}.
 */
public final class ModelWork {

    private ModelWork() {
    }

    public static void main(String[] args) {
        for (BenchModel bench : BenchModel.values()) {
            ModelGraph graph = ModelZoo.graph(bench.zooName, Map.of());
            long forward = graph.macs();
            long readingTheImage = 0;
            for (Node n : graph.nodes()) {
                if (!n.isInput() && n.inputs().stream().allMatch(in -> graph.node(in).isInput())) {
                    readingTheImage += n.op().macs(graph.shape(n.name()));
                }
            }
            System.out.printf("WORK model=%s infer_macs=%d train_macs=%d%n", bench.id, forward, 3 * forward - readingTheImage);
        }
    }
}
