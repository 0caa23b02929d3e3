package lowbit.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Gives a zoo graph (built with DL4J's NoOp updater: our trainers apply gradients themselves) the cost of
 * PyTorch's reference step, SGD with momentum (lr 0.01, momentum 0.9), so that {@code graph.fit} is comparable.
 */
final class MomentumSgd {

    private MomentumSgd() {
    }

    static void install(ComputationGraph graph) {
        for (Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf) {
                conf.setIUpdater(new Nesterovs(0.01, 0.9));
                conf.setBiasUpdater(new Nesterovs(0.01, 0.9));
            }
        }
        graph.setUpdater(null); // rebuilt from the layer configurations on the first fit
    }
}
