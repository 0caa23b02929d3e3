package lowbit.train;

import lowbit.method.QuantizedFinish;
import lowbit.method.WeightTransform;
import lowbit.method.Regularizer;
import lowbit.model.graph.ParamView;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Synchronous data-parallel training on the driver: each step the {@link GradientSource} returns the summed
 * gradient of the global batch for the current parameters, then regularizers and the optimizer run here.
 * The weight transform (QAT) changes what the workers and the evaluation see, not the latent weights.
 */
public final class Trainer {
    private final List<ParamView> views;
    private final GradientSource gradients;
    private final Evaluator evaluator;
    private final List<String> evalSplits;
    private final Optimizer optimizer;
    private final LrSchedule lr;
    private final List<Regularizer> regularizers;
    private final WeightTransform transform;
    private final int epochs;
    private final Consumer<String> log;
    private final Consumer<TrainState> epochEnd;
    private final OptimizerState freshOptimizer;
    private QuantizedFinish finish;

    /**
     * @param evaluator  null to skip evaluation
     * @param transform  null for none
     * @param epochEnd   receives the state after every epoch (checkpoints, metrics tables)
     */
    public Trainer(List<ParamView> views, GradientSource gradients, Evaluator evaluator, List<String> evalSplits,
                   Optimizer optimizer, LrSchedule lr, List<Regularizer> regularizers, WeightTransform transform,
                   int epochs, Consumer<String> log, Consumer<TrainState> epochEnd) {
        this.views = List.copyOf(views);
        this.gradients = gradients;
        this.evaluator = evaluator;
        this.evalSplits = List.copyOf(evalSplits);
        this.optimizer = optimizer;
        this.lr = lr;
        this.regularizers = List.copyOf(regularizers);
        this.transform = transform;
        this.epochs = epochs;
        this.log = log;
        this.epochEnd = epochEnd;
        this.freshOptimizer = optimizer.state();
        regularizers.forEach(r -> r.bind(views));
    }

    /** Adds QGT's finish after the {@code epochs} regularized epochs (null or 0 epochs: none). */
    public Trainer finishingWith(QuantizedFinish finish) {
        this.finish = finish == null || finish.epochs() == 0 ? null : finish;
        return this;
    }

    /** Regularized epochs plus finish epochs. */
    public int totalEpochs() {
        return epochs + (finish == null ? 0 : finish.epochs());
    }

    private boolean finishing(int epoch) {
        return finish != null && epoch >= epochs;
    }

    /** The parameters workers and evaluation use for the latent parameters of {@code state} (after its epochs). */
    public float[] effective(TrainState state) {
        return effective(state.params(), finishing(state.epochsDone() - 1));
    }

    private float[] effective(float[] latent, boolean finishing) {
        WeightTransform t = finishing ? finish.quantizer() : transform;
        return t == null ? latent.clone() : t.apply(latent, views);
    }

    /** Trains from {@code start} (fresh or from a checkpoint) until {@link #totalEpochs()} epochs are done. */
    public TrainState run(TrainState start) {
        float[] params = start.params().clone();
        float[] batchNorm = start.batchNorm().clone();
        if (start.optimizer() != null) {
            optimizer.restore(start.optimizer());
        }
        for (Regularizer r : regularizers) {
            r.restore(start.regularizers().get(r.name()));
        }
        long step = start.step();
        List<EpochMetrics> history = new ArrayList<>(start.history());
        TrainState state = start;
        long began = System.nanoTime();
        int stepsPerEpoch = gradients.stepsPerEpoch();
        int total = totalEpochs();
        for (int epoch = start.epochsDone(); epoch < total; epoch++) {
            boolean finishing = finishing(epoch);
            if (finishing && epoch == epochs) {
                // a pure function of the checkpointed state, so a resume at this boundary repeats it exactly
                if (finish.fromQuantized()) {
                    params = finish.quantizer().apply(params, views);
                }
                optimizer.restore(freshOptimizer);
                log.accept(String.format(Locale.ROOT, "finish: the forward pass is hard-quantized from now on; %d epochs"
                        + " of straight-through fine-tuning from the %s latent weights at lr %.4g%s", finish.epochs(),
                        finish.fromQuantized() ? "quantized" : "trained", lr.base() * finish.lrFactor(),
                        finish.cosine() ? " annealed to 0" : ""));
            }
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long examples = 0;
            double penalty = 0;
            double rate = 0;
            for (int s = 0; s < stepsPerEpoch; s++, step++) {
                double t = epoch + (double) s / stepsPerEpoch;
                String where = "epoch " + epoch + " step " + s + " (global step " + step + ")";
                GradientSum sum = gradients.compute(epoch, s, effective(params, finishing), batchNorm);
                NonFiniteCheck.loss(sum.meanLoss(), where);
                float[] grad = sum.meanGradient();
                NonFiniteCheck.buffer(grad, views, "gradient", where);
                if (batchNorm.length > 0) {
                    batchNorm = sum.meanBatchNormState();
                }
                penalty = 0;
                for (Regularizer r : finishing ? List.<Regularizer>of() : regularizers) {
                    penalty += r.addGradient(params, grad, views, t);
                }
                rate = finishing ? finish.rate(lr.base(), t, epochs) : lr.at(t);
                optimizer.step(params, grad, rate);
                NonFiniteCheck.buffer(params, views, "parameter", where);
                lossSum += sum.meanLoss() * sum.examples();
                examples += sum.examples();
            }
            for (Regularizer r : finishing ? List.<Regularizer>of() : regularizers) {
                r.onEpochEnd(params, views);
                if (epoch == epochs - 1) {
                    r.onTrainingEnd(params, views);
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            List<EvalResult> evals = new ArrayList<>();
            if (evaluator != null) {
                float[] eff = effective(params, finishing);
                for (String split : evalSplits) {
                    evals.add(evaluator.evaluate(split, eff, batchNorm));
                }
            }
            EpochMetrics m = new EpochMetrics(epoch, stepsPerEpoch, examples, lossSum / examples, penalty, rate, seconds,
                    examples / seconds, WeightStats.sparsity(effective(params, finishing), views), evals);
            history.add(m);
            state = new TrainState(epoch + 1, step, params.clone(), batchNorm.clone(), optimizer.state(), history,
                    regularizerStates());
            log.accept(EpochLog.line(m, total, (System.nanoTime() - began) / 1e9, epoch + 1 - start.epochsDone()));
            epochEnd.accept(state);
        }
        return state;
    }

    private Map<String, Serializable> regularizerStates() {
        Map<String, Serializable> states = new HashMap<>();
        for (Regularizer r : regularizers) {
            Serializable st = r.state();
            if (st != null) {
                states.put(r.name(), st);
            }
        }
        return states;
    }
}
