package lowbit.sparse.dl4j;

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
 * The RVSM authors' epoch-end step w <- T(w): at the end of every epoch, each parameter that carries an
 * {@link RvsmRegularization} is replaced by its thresholded, sparse u.
 */
public final class RvsmEpochEndThreshold extends BaseTrainingListener {

    @Override
    public void onEpochEnd(Model model) {
        for (Layer layer : layersOf(model)) {
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                List<Regularization> regularization = layer.conf().getLayer().getRegularizationByParam(param.getKey());
                if (regularization == null) {
                    continue;
                }
                for (Regularization r : regularization) {
                    if (r instanceof RvsmRegularization) {
                        ((RvsmRegularization) r).thresholdInPlace(param.getValue());
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
        throw new IllegalArgumentException("RVSM thresholding supports MultiLayerNetwork and ComputationGraph, not "
                + model.getClass().getName());
    }
}
