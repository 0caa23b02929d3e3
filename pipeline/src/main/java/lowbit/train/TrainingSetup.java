package lowbit.train;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import lowbit.robust.AdversarialTraining;
import lowbit.train.spark.SparkEvaluator;
import lowbit.train.spark.SparkGradients;
import lowbit.train.spark.SplitRows;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's gradients and evaluations come from: this JVM ({@code mode = local}) or Spark partitions
 * ({@code mode = spark}, and parameter averaging's workers), with the global batch split over workers x local steps.
 */
public final class TrainingSetup {
    private final TrainSpec spec;
    private final boolean distributed;
    private final Manifest manifest;
    private final Normalization normalization;
    private final int workers;
    private final int workerBatch;

    /** @param spark needed for {@code mode = spark} only */
    public TrainingSetup(SparkSession spark, TrainSpec spec, Manifest manifest) {
        this.spec = spec;
        this.manifest = manifest;
        this.normalization = TrainJob.normalization(spec, manifest);
        this.distributed = spec.mode() != TrainSpec.Mode.LOCAL;
        this.workers = distributed ? (spec.workers() > 0 ? spec.workers() : spark.sparkContext().defaultParallelism()) : 1;
        int perStep = workers * (spec.spark() ? spec.localSteps() : 1);
        if (spec.batchSize() % perStep != 0) {
            throw new LowbitException("batch-size " + spec.batchSize() + " is not divisible by workers x local-steps = " + perStep);
        }
        this.workerBatch = spec.batchSize() / perStep;
    }

    public int workers() {
        return workers;
    }

    public int workerBatch() {
        return workerBatch;
    }

    public Normalization normalization() {
        return normalization;
    }

    public int classes() {
        return manifest.classes().size();
    }

    /** @param model trains in this JVM in local mode (Spark workers build their own from the spec's recipe) */
    public GradientSource gradients(SparkSession spark, TrainableModel model) {
        ReadOptions read = new ReadOptions(workerBatch, spec.shuffleBuffer(), spec.seed(), normalization, spec.augmentation());
        AdversarialTraining adversarial = spec.adversarialTraining(normalization);
        return spec.spark()
                ? new SparkGradients(SplitRows.of(spark, spec.data(), spec.trainSplit(), workers), spec.model(), classes(), read,
                spec.localSteps(), spec.maxStepsPerEpoch(), adversarial)
                : new LocalGradients(model, new SplitSteps(spec.data(), spec.trainSplit(), TrainJob.records(manifest, spec.trainSplit()),
                classes(), read, spec.maxStepsPerEpoch()), true, adversarial);
    }

    public Evaluator evaluator(SparkSession spark, TrainableModel model) {
        return distributed
                ? new SparkEvaluator(spark, spec.data(), spec.model(), classes(), normalization, spec.evalBatchSize(),
                spec.epochRobustEvaluation())
                : new LocalEvaluator(model, spec.data(), classes(), normalization, spec.evalBatchSize(), spec.epochRobustEvaluation());
    }
}
