package lowbit.train;

import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import lowbit.train.spark.SparkEvaluator;
import lowbit.train.spark.SparkGradients;
import lowbit.train.spark.SplitRows;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.function.Consumer;

/**
 * One training run without checkpoints or tables (a sweep cell's): in this JVM for {@code mode = local}, or
 * data-parallel over Spark partitions for {@code mode = spark}; the model ends with the trained parameters.
 */
public final class TrainingRun {
    private TrainingRun() {
    }

    /**
     * @param spark needed for {@code mode = spark} only
     * @param start parameters to start from (null: the model's own initialization)
     */
    public static TrainState run(SparkSession spark, TrainSpec spec, TrainableModel model, float[] start, float[] startBatchNorm,
                                 Consumer<String> log) {
        Manifest manifest = Manifest.read(spec.data());
        int classes = manifest.classes().size();
        Normalization normalization = TrainJob.normalization(spec, manifest);
        int workers = spec.spark() ? (spec.workers() > 0 ? spec.workers() : spark.sparkContext().defaultParallelism()) : 1;
        int perStep = workers * (spec.spark() ? spec.localSteps() : 1);
        if (spec.batchSize() % perStep != 0) {
            throw new IllegalArgumentException("batch-size " + spec.batchSize() + " is not divisible by workers x local-steps = " + perStep);
        }
        ReadOptions read = new ReadOptions(spec.batchSize() / perStep, spec.shuffleBuffer(), spec.seed(), normalization,
                spec.augmentation());
        try (GradientSource source = spec.spark()
                ? new SparkGradients(SplitRows.of(spark, spec.data(), spec.trainSplit(), workers), spec.model(), classes, read,
                spec.localSteps(), spec.maxStepsPerEpoch())
                : new LocalGradients(model, new SplitSteps(spec.data(), spec.trainSplit(),
                TrainJob.records(manifest, spec.trainSplit()), classes, read, spec.maxStepsPerEpoch()), true)) {
            Evaluator evaluator = spec.spark()
                    ? new SparkEvaluator(spark, spec.data(), spec.model(), classes, normalization, spec.evalBatchSize())
                    : new LocalEvaluator(model, spec.data(), classes, normalization, spec.evalBatchSize());
            Trainer trainer = new Trainer(model.parameterViews(), source, evaluator, spec.evalSplits(),
                    spec.optimizer(model.parameterCount()), spec.lr(), spec.regularizers(), spec.transform(), spec.epochs(),
                    log, state -> { });
            TrainState end = trainer.run(new TrainState(0, 0, start != null ? start : model.parameters(),
                    startBatchNorm != null ? startBatchNorm : model.batchNormState(), null, List.of()));
            model.setParameters(trainer.effective(end.params()));
            if (end.batchNorm().length > 0) {
                model.setBatchNormState(end.batchNorm());
            }
            return end;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
