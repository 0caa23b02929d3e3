package lowbit.train.dl4j;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The methods' end-of-epoch step inside DL4J's training (RVSM's w <- T(w)): at the end of every epoch, each parameter
 * that carries a {@link RegularizerInDl4j} gets that method's {@link lowbit.method.Regularizer#onEpochEnd}.
 */
public final class EpochEndInDl4j extends BaseTrainingListener {

    @Override
    public void onEpochEnd(Model model) {
        for (Layer layer : layersOf(model)) {
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                List<Regularization> regularization = layer.conf().getLayer().getRegularizationByParam(param.getKey());
                if (regularization == null) {
                    continue;
                }
                for (Regularization r : regularization) {
                    if (r instanceof RegularizerInDl4j method) {
                        method.onEpochEnd(param.getValue());
                    }
                }
            }
        }
    }

    private static Layer[] layersOf(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getLayers();
        }
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getLayers();
        }
        throw new IllegalArgumentException("a method's epoch-end step supports MultiLayerNetwork and ComputationGraph, not "
                + model.getClass().getName());
    }
}
