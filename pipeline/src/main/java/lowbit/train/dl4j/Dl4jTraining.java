package lowbit.train.dl4j;

import com.typesafe.config.Config;
import lowbit.config.ConfigError;
import lowbit.model.graph.ParamView;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.method.Regularizer;
import lowbit.train.TrainSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A zoo model's graph made ready for DL4J's own training loop (DL4J Spark's training masters): the run's optimizer as
 * a DL4J updater following the run's learning-rate schedule, weight decay as L2 on every parameter before the
 * updater (added to the gradient, as PyTorch does), and the run's methods (QGT, RVSM / RGSM) on the weights they act on,
 * each through {@link RegularizerInDl4j}.
 * The new graph starts from the model's parameters.
 */
public final class Dl4jTraining {
    private Dl4jTraining() {
    }

    /** @param stepsPerEpoch a worker's minibatches per epoch (for the schedules' fractional epoch) */
    public static ComputationGraph graph(Dl4jModel model, TrainSpec spec, int stepsPerEpoch, Consumer<String> log) {
        IUpdater updater = updater(spec.optimizer(), new Dl4jLrSchedule(spec.lr(), stepsPerEpoch), log);
        double decay = spec.optimizer().getDouble("weight-decay");
        List<Regularizer> regularizers = spec.regularizers();
        List<ParamView> views = model.parameterViews();
        regularizers.forEach(r -> r.bind(views));
        Map<String, ParamView> weights = views.stream().filter(v -> v.kind().isWeight())
                .collect(Collectors.toMap(Regularizer::layerOf, v -> v));
        ComputationGraphConfiguration conf = model.graph().getConfiguration().clone();
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                List<Regularization> onWeights = new ArrayList<>();
                List<Regularization> onBiases = new ArrayList<>();
                if (decay > 0) {
                    onWeights.add(new L2Regularization(decay));
                    onBiases.add(new L2Regularization(decay));
                }
                ParamView w = weights.get(layer.getLayerName());
                if (w != null) {
                    for (Regularizer r : regularizers) {
                        if (r.targets(List.of(w)).contains(w)) {
                            onWeights.add(new RegularizerInDl4j(r, w, stepsPerEpoch));
                        }
                    }
                }
                layer.setIUpdater(updater.clone());
                layer.setBiasUpdater(null);
                layer.setRegularization(onWeights);
                layer.setRegularizationBias(onBiases);
            }
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(model.graph().params(), true);
        return graph;
    }

    static IUpdater updater(Config optimizer, ISchedule lr, Consumer<String> log) {
        return switch (optimizer.getString("name")) {
            case "sgd" -> {
                double momentum = optimizer.getDouble("momentum");
                if (momentum == 0) {
                    yield new Sgd(lr);
                }
                if (!optimizer.getBoolean("nesterov")) {
                    log.accept("DL4J has no heavy-ball momentum updater: parameter averaging uses Nesterov momentum " + momentum);
                }
                yield new Nesterovs(lr, momentum);
            }
            case "adam" -> Adam.builder().learningRateSchedule(lr).beta1(optimizer.getDouble("beta1"))
                    .beta2(optimizer.getDouble("beta2")).epsilon(optimizer.getDouble("epsilon")).build();
            default -> throw new ConfigError("lowbit.train.optimizer.name must be sgd or adam, not '"
                    + optimizer.getString("name") + "'");
        };
    }
}
