package lowbit.train.dl4j;

import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.train.EpochLog;
import lowbit.train.EpochMetrics;
import lowbit.train.EvalResult;
import lowbit.train.Evaluator;
import lowbit.train.LrSchedule;
import lowbit.train.NonFiniteCheck;
import lowbit.train.OptimizerState;
import lowbit.method.Regularizer;
import lowbit.train.TrainSpec;
import lowbit.train.TrainState;
import lowbit.train.WeightStats;
import lowbit.train.dl4j.Dl4jTraining;
import lowbit.train.dl4j.EpochEndInDl4j;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The epoch loop of {@code mode = parameter-averaging}: DL4J trains (updater, regularizers and all) inside the
 * workers, {@link ParameterAveraging} averages; after each epoch the driver applies the methods' epoch-end step (RVSM's threshold), evaluates,
 * and hands the state (parameters, batch-norm state, DL4J updater state, counters) to the checkpoint.
 */
public final class AveragingTrainer {
    private final ParameterAveraging averaging;
    private final Dl4jModel model;
    private final TrainSpec spec;
    private final Evaluator evaluator;
    private final Consumer<String> log;
    private final Consumer<TrainState> epochEnd;

    /** @param model a model of the DL4J engine */
    public AveragingTrainer(ParameterAveraging averaging, TrainableModel model, TrainSpec spec, Evaluator evaluator,
                            Consumer<String> log, Consumer<TrainState> epochEnd) {
        this.averaging = averaging;
        this.model = Dl4jModel.of(model, "mode parameter-averaging");
        this.spec = spec;
        this.evaluator = evaluator;
        this.log = log;
        this.epochEnd = epochEnd;
    }

    public TrainState run(TrainState start) {
        int steps = averaging.stepsPerEpoch();
        model.setParameters(start.params());
        model.setBatchNormState(start.batchNorm());
        ComputationGraph graph = Dl4jTraining.graph(model, spec, steps, log);
        if (start.optimizer() != null && !start.optimizer().buffers().isEmpty()) {
            graph.getUpdater().getStateViewArray().assign(Nd4j.create(start.optimizer().buffers().get(0)));
        }
        List<ParamView> views = model.parameterViews();
        List<Regularizer> regularizers = spec.regularizers();
        LrSchedule lr = spec.lr();
        List<EpochMetrics> history = new ArrayList<>(start.history());
        TrainState state = start;
        long began = System.nanoTime();
        for (int epoch = start.epochsDone(); epoch < spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            graph.getConfiguration().setEpochCount(epoch);
            graph.getConfiguration().setIterationCount(epoch * steps);
            ParameterAveraging.Fit fit = averaging.fitEpoch(graph, epoch);
            graph = fit.graph();
            new EpochEndInDl4j().onEpochEnd(graph);
            Dl4jModel trained = Dl4jModel.wrap(graph);
            float[] params = trained.parameters();
            float[] batchNorm = trained.batchNormState();
            String where = "epoch " + epoch;
            NonFiniteCheck.loss(fit.score(), where);
            NonFiniteCheck.buffer(params, views, "parameter", where);
            double penalty = 0;
            for (Regularizer r : regularizers) {
                penalty += r.addGradient(params, new float[params.length], views, epoch + 1.0);
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            List<EvalResult> evals = new ArrayList<>();
            if (evaluator != null) {
                for (String split : spec.evalSplits()) {
                    evals.add(evaluator.evaluate(split, params, batchNorm));
                }
            }
            long examples = (long) averaging.workers() * steps * trainedBatch();
            // DL4J's score includes the regularization terms; what it computed them on are the workers' last copies
            double loss = fit.score() - graph.calcRegularizationScore(true);
            EpochMetrics m = new EpochMetrics(epoch, steps, examples, loss, penalty, lr.at(epoch + (steps - 1.0) / steps),
                    seconds, examples / seconds, WeightStats.sparsity(params, views), evals);
            history.add(m);
            long iterations = (long) (epoch + 1) * steps;
            float[] updater = graph.getUpdater().getStateViewArray() == null ? null
                    : graph.getUpdater().getStateViewArray().toFloatVector();
            state = new TrainState(epoch + 1, iterations, params, batchNorm,
                    new OptimizerState("dl4j", iterations, updater == null ? List.of() : List.of(updater)), history, Map.of());
            log.accept(EpochLog.line(m, spec.epochs(), (System.nanoTime() - began) / 1e9, epoch + 1 - start.epochsDone()));
            epochEnd.accept(state);
        }
        model.setParameters(state.params());
        model.setBatchNormState(state.batchNorm());
        return state;
    }

    private int trainedBatch() {
        return spec.batchSize() / averaging.workers();
    }
}
