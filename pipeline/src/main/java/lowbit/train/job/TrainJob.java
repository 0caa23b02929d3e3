package lowbit.train.job;

import lowbit.train.Trainer;
import lowbit.train.TrainTables;
import lowbit.train.TrainSummary;
import lowbit.train.TrainState;
import lowbit.train.TrainSpec;
import lowbit.train.RunOutput;
import lowbit.train.Provenance;
import lowbit.train.InitialModel;
import lowbit.train.GradientSource;
import lowbit.train.Evaluator;
import lowbit.train.EpochMetrics;
import lowbit.train.Checkpoint;
import lowbit.train.AtomicFiles;
import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.data.read.SplitUnion;
import lowbit.data.shard.Manifest;
import lowbit.engine.ModelFiles;
import lowbit.engine.TrainableModel;
import lowbit.train.dl4j.AveragingTrainer;
import lowbit.train.dl4j.ParameterAveraging;
import lowbit.train.spark.SparkGradients;
import lowbit.train.spark.SplitRows;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code lowbit train}: trains one model on a sharded dataset and writes, into the output folder, a checkpoint
 * and the epochs/ table after every epoch, then model.zip, summary/ and provenance.json.
 */
public final class TrainJob {
    public static final String MODEL_FILE = "model.zip";

    private TrainJob() {
    }

    public static TrainSummary run(SparkSession spark, TrainSpec spec, RunOutput output, Consumer<String> log) {
        return run(spark, spec, output, log, state -> { });
    }

    /** @param afterCheckpoint called once each epoch's checkpoint is written (and published) */
    public static TrainSummary run(SparkSession spark, TrainSpec dataSpec, RunOutput output, Consumer<String> log,
                                   Consumer<TrainState> afterCheckpoint) {
        Manifest manifest = Manifest.read(dataSpec.data());
        InitialModel init = dataSpec.initialModel();
        TrainSpec spec = dataSpec.fittedTo(manifest, init);
        int classes = manifest.classes().size();
        Normalization normalization = normalization(spec, manifest, init);
        TrainableModel model = spec.model().build();
        if (init != null) {
            model.setParameters(init.startParameters(model));
            model.setBatchNormState(init.startState(model));
            log.accept("starting from " + init.source() + " (" + init.architecture() + ")");
        }
        boolean distributed = spec.mode() != TrainSpec.Mode.LOCAL;
        TrainingSetup training = new TrainingSetup(spark, spec, manifest, normalization, null);
        int workers = training.workers();
        int workerBatch = training.workerBatch();
        String config = spec.jsonWithoutResume();
        TrainState start = start(spec, output, model, config, workers, log);
        log.accept(String.format(Locale.ROOT, "training %s on %s (%d classes): %s mode, global batch %d = %d workers x %d local steps x %d,"
                        + " lr %s, %d epochs, methods %s", spec.model().name(), spec.data(), classes, spec.mode().label(),
                spec.batchSize(), workers, spec.spark() ? spec.localSteps() : 1, workerBatch, spec.lr(), spec.totalEpochs(), spec.methods()));
        if (spec.spark()) {
            long state = model.parameterCount() + (long) model.batchNormState().length;
            log.accept(String.format(Locale.ROOT, "per step: broadcast %,d bytes (float32 parameters and batch-norm state),"
                    + " aggregate %,d bytes per partition (float64 sums)", 4 * state, 8 * state));
        }
        ReadOptions read = new ReadOptions(workerBatch, spec.shuffleBuffer(), spec.seed(), normalization, spec.augmentation());
        if (spec.adversarialTraining(normalization) != null) {
            log.accept("adversarial training: " + spec.adversarialTraining(normalization).attack().attack()
                    + " on every minibatch, random starts seeded from seed " + spec.seed());
        }
        if (training.teacher() != null) {
            lowbit.distill.DistillSettings d = spec.distill();
            log.accept(String.format(Locale.ROOT, "distilling from %s: temperature %s, alpha %s%s", training.teacher(), d.temperature(),
                    d.alpha(), d.unlabeled().isEmpty() ? "" : ", " + d.unlabeledPerStep() + " unlabeled images per step from " + d.unlabeled()));
        }
        Evaluator evaluator = training.evaluator(spark, model);
        Setup setup = new Setup(spark, spec, training, model, classes, workers, read, evaluator, log, state -> {
            new Checkpoint(config, workers, spec.batchSize(), state).write(output.local());
            TrainTables.writeEpochs(spark, state.history(), output.local());
            output.publish(TrainTables.EPOCHS);
            output.publish(Checkpoint.FILE);
            afterCheckpoint.accept(state);
        });
        Trained trained = spec.mode() == TrainSpec.Mode.PARAMETER_AVERAGING ? byAveraging(setup, start) : withGradients(setup, start);
        TrainState end = trained.end();
        AtomicFiles.replace(output.local().resolve(MODEL_FILE), file -> saveModel(model, file, normalization, manifest, spec));
        output.publish(MODEL_FILE);
        long broadcast = !distributed ? 0 : 4L * (model.parameterCount() + end.batchNorm().length
                + (spec.spark() ? 0 : end.optimizer().buffers().stream().mapToLong(b -> b.length).sum()));
        TrainSummary summary = summary(spec, end, workers, workerBatch, model.parameterCount(), broadcast);
        TrainTables.writeSummary(spark, summary, output.local());
        output.publish(TrainTables.SUMMARY);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("global_batch", spec.batchSize());
        run.put("workers", workers);
        run.put("worker_batch", workerBatch);
        run.put("steps_per_epoch", trained.stepsPerEpoch());
        if (spec.mode() == TrainSpec.Mode.PARAMETER_AVERAGING) {
            run.put("averaging_frequency", spec.averagingFrequency());
        }
        run.put("resumed_after_epoch", start.epochsDone());
        Provenance.write(output.local(), spec, spark.version(), run);
        output.publish(Provenance.FILE);
        return summary;
    }

    /** What either way of training needs. */
    private record Setup(SparkSession spark, TrainSpec spec, TrainingSetup training, TrainableModel model, int classes, int workers,
                         ReadOptions read, Evaluator evaluator, Consumer<String> log, Consumer<TrainState> epochEnd) {
    }

    /** The final state (the model holds its parameters) and the optimizer steps (or worker minibatches) per epoch. */
    private record Trained(TrainState end, int stepsPerEpoch) {
    }

    /** mode spark or local: gradients from Spark partitions or this JVM, optimizer and regularizers here. */
    private static Trained withGradients(Setup s, TrainState start) {
        TrainSpec spec = s.spec();
        TrainableModel model = s.model();
        try (GradientSource source = s.training().gradients(s.spark(), model)) {
            s.log().accept(source.stepsPerEpoch() + " steps per epoch" + (source instanceof SparkGradients sg
                    ? ", training partitions of " + Arrays.toString(sg.partitionSizes()) + " examples" : ""));
            Trainer trainer = new Trainer(model.parameterViews(), source, s.evaluator(), spec.evalSplits(),
                    spec.optimizer(model.parameterCount()), spec.lr(), spec.regularizers(), spec.transform(), spec.epochs(),
                    s.log(), s.epochEnd()).finishingWith(spec.finish());
            TrainState end = trainer.run(start);
            model.setParameters(trainer.effective(end));
            if (end.batchNorm().length > 0) {
                model.setBatchNormState(end.batchNorm());
            }
            return new Trained(end, source.stepsPerEpoch());
        }
    }

    /** mode parameter-averaging: DL4J Spark's training master; DL4J's updater and regularizations in the workers. */
    private static Trained byAveraging(Setup s, TrainState start) {
        TrainSpec spec = s.spec();
        ParameterAveraging averaging = new ParameterAveraging(SplitRows.of(s.spark(), spec.data(), spec.trainSplit(), s.workers()),
                s.classes(), s.read(), spec.averagingFrequency(), spec.maxStepsPerEpoch());
        s.log().accept(String.format(Locale.ROOT, "%d minibatches per worker and epoch, averaged every %d, training partitions of %s examples",
                averaging.stepsPerEpoch(), spec.averagingFrequency(), Arrays.toString(averaging.partitionSizes())));
        TrainState end = new AveragingTrainer(averaging, s.model(), spec, s.evaluator(), s.log(), s.epochEnd()).run(start);
        return new Trained(end, averaging.stepsPerEpoch());
    }

    private static TrainState start(TrainSpec spec, RunOutput output, TrainableModel model, String config, int workers,
                                     Consumer<String> log) {
        if (!spec.resume()) {
            if (output.has(Checkpoint.FILE)) {
                throw new LowbitException(output + " already holds a run; set resume=true to continue it or choose another output");
            }
            return TrainState.initial(model.parameters(), model.batchNormState());
        }
        if (output.has(Checkpoint.FILE)) {
            output.fetch(Checkpoint.FILE);
        }
        Checkpoint cp = Checkpoint.read(output.local());
        if (!cp.config().equals(config)) {
            throw new LowbitException("cannot resume " + output + ": its checkpoint was trained with another configuration:\n  "
                    + cp.config() + "\nnow:\n  " + config);
        }
        if (cp.workers() != workers) {
            log.accept("WARNING: the checkpoint was trained with " + cp.workers() + " workers, now " + workers
                    + ": the global batch stays " + spec.batchSize() + " but each worker's minibatch changes");
        }
        log.accept("resuming " + output + " after epoch " + cp.state().epochsDone());
        return cp.state();
    }

    /** A trained model as a lowbit model file recording its input scaling, the dataset's class names and where it came from. */
    public static void saveModel(TrainableModel model, java.nio.file.Path file, Normalization normalization, Manifest manifest,
                                 TrainSpec spec) throws java.io.IOException {
        ModelFiles.save(model, file, normalization, manifest.classes(),
                Map.of("trained_on", spec.data(), "dataset_manifest_sha256", Provenance.manifestSha256(spec.data())));
    }

    /** [0, 1] inputs, or the train split's per-channel mean/std from the manifest. */
    public static Normalization normalization(TrainSpec spec, Manifest manifest) {
        return normalization(spec, manifest, null);
    }

    /**
     * As {@link #normalization(TrainSpec, Manifest)}, or the init model's recorded scaling ({@code normalization = model});
     * a run that would feed an init model other pixels than it records is a config error.
     */
    public static Normalization normalization(TrainSpec spec, Manifest manifest, InitialModel init) {
        Normalization recorded = init == null ? null : init.input();
        return switch (spec.normalizationKind()) {
            case "model" -> {
                if (recorded == null) {
                    throw new lowbit.config.ConfigError("lowbit.train.normalization = model, but lowbit.train.init = " + init.source()
                            + " records no input scaling: set normalization = unit or dataset");
                }
                yield recorded;
            }
            case "dataset" -> datasetNormalization(spec.data(), manifest, "normalization = unit");
            default -> {
                if (recorded != null && recorded.mean() != null) {
                    throw new lowbit.config.ConfigError("lowbit.train.init = " + init.source() + " expects pixels scaled as (x / 255 - "
                            + java.util.Arrays.toString(recorded.mean()) + ") / " + java.util.Arrays.toString(recorded.std())
                            + ", but lowbit.train.normalization = unit: set normalization = model");
                }
                yield Normalization.UNIT;
            }
        };
    }

    /** The train split's per-channel mean and std from {@code data}'s manifest; {@code remedy} names the way out. */
    public static Normalization datasetNormalization(String data, Manifest manifest, String remedy) {
        if (manifest.trainStats() == null) {
            throw new LowbitException(data + " has no train statistics in its manifest; use " + remedy);
        }
        return Normalization.meanStd(manifest.trainStats().mean(), manifest.trainStats().std());
    }

    /** Records of a split or of a {@link SplitUnion}. */
    static long records(Manifest manifest, String split) {
        long records = 0;
        for (String part : SplitUnion.parts(split)) {
            Manifest.SplitCounts counts = manifest.splits().get(part);
            if (counts == null) {
                throw new LowbitException("the dataset has no split '" + part + "'; it has " + manifest.splits().keySet());
            }
            records += counts.records();
        }
        return records;
    }

    private static TrainSummary summary(TrainSpec spec, TrainState end, int workers, int workerBatch, int parameters,
                                        long broadcast) {
        List<EpochMetrics> h = end.history();
        double seconds = h.stream().mapToDouble(EpochMetrics::seconds).sum();
        long examples = h.stream().mapToLong(EpochMetrics::examples).sum();
        EpochMetrics last = h.get(h.size() - 1);
        return new TrainSummary(spec.model().name(), spec.methods(), spec.mode().label(), spec.seed(), spec.totalEpochs(),
                end.step(), spec.batchSize(), workers, spec.spark() ? spec.localSteps() : 1, workerBatch, spec.lr().base(),
                parameters, broadcast, seconds, examples / seconds, last.weightSparsity(), last.evaluations());
    }
}
