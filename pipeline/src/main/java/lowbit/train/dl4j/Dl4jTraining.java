package lowbit.train.dl4j;

import com.typesafe.config.Config;
import lowbit.config.ConfigError;
import lowbit.model.graph.ParamView;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.dl4j.QgtRegularization;
import lowbit.sparse.dl4j.RvsmRegularization;
import lowbit.train.QgtRegularizer;
import lowbit.train.Regularizer;
import lowbit.train.RvsmRegularizer;
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
 * updater (added to the gradient, as PyTorch does), and QGT / RVSM as DL4J regularizations on each layer's weights.
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
        regularizers.forEach(r -> r.bind(model.parameterViews()));
        Map<String, ParamView> weights = model.parameterViews().stream().filter(v -> v.kind().isWeight())
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
                    regularizers.forEach(r -> onWeights.add(regularization(r, w, stepsPerEpoch)));
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

    /** The DL4J regularization doing what {@code r} does on the driver, for one layer's weights. */
    static Regularization regularization(Regularizer r, ParamView weight, int stepsPerEpoch) {
        if (r instanceof QgtRegularizer q) {
            LambdaSchedule s = q.lambda();
            double alpha = q.alphaOf(weight);
            LambdaSchedule scaled = LambdaSchedule.of(s.ramp(), s.warmupEpochs(), alpha * s.start(), alpha * s.end(),
                    s.rampEpochs(), s.factor());
            return QgtRegularization.forFlatLayout(q.bitsOf(weight), weight.shape(), weight.outAxis(), q.perChannel(),
                    q.penalty(), scaled, stepsPerEpoch);
        }
        if (r instanceof RvsmRegularizer v) {
            return RvsmRegularization.forFlatLayout(v.threshold(), v.lambda(), v.beta(), v.a(),
                    v.threshold().grouped() ? v.groupLasso() : 0, weight.shape(), v.groupAxis(weight));
        }
        throw new IllegalArgumentException("no DL4J regularization for " + r.name());
    }
}
