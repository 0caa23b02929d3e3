package lowbit.train.job;

import lowbit.train.TrainSpec;
import lowbit.train.SplitSteps;
import lowbit.train.MinibatchObjective;
import lowbit.train.LocalGradients;
import lowbit.train.LocalEvaluator;
import lowbit.train.InitialModel;
import lowbit.train.GradientSource;
import lowbit.train.Evaluator;
import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import lowbit.distill.DistillSettings;
import lowbit.distill.Distillation;
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
    private final String teacher;

    /**
     * @param spark         needed for {@code mode = spark} only
     * @param normalization how the run scales pixels ({@link TrainJob#normalization(TrainSpec, Manifest, InitialModel)})
     * @param baseModel     the model file a sweep cell's {@code distill.teacher = base} names; null outside sweeps
     */
    public TrainingSetup(SparkSession spark, TrainSpec spec, Manifest manifest, Normalization normalization, java.nio.file.Path baseModel) {
        this.spec = spec;
        this.manifest = manifest;
        this.normalization = normalization;
        this.teacher = teacherFile(spec.distill(), baseModel);
        this.distributed = spec.mode() != TrainSpec.Mode.LOCAL;
        this.workers = distributed ? (spec.workers() > 0 ? spec.workers() : spark.sparkContext().defaultParallelism()) : 1;
        int perStep = workers * (spec.spark() ? spec.localSteps() : 1);
        if (spec.batchSize() % perStep != 0) {
            throw new LowbitException("batch-size " + spec.batchSize() + " is not divisible by workers x local-steps = " + perStep);
        }
        this.workerBatch = spec.batchSize() / perStep;
    }

    private static String teacherFile(DistillSettings distill, java.nio.file.Path baseModel) {
        if (!distill.enabled()) return null;
        if (!distill.teacher().equals(DistillSettings.BASE)) return distill.teacher();
        if (baseModel == null) {
            throw new lowbit.config.ConfigError("lowbit.train.distill.teacher = base names a sweep cell's base cell; "
                    + "this run has none: give the teacher's model file");
        }
        return baseModel.toString();
    }

    /** The teacher's model file, or null without distillation. */
    public String teacher() {
        return teacher;
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
        return spec.spark()
                ? new SparkGradients(SplitRows.of(spark, spec.data(), spec.trainSplit(), workers), spec.model(), classes(), read,
                spec.localSteps(), spec.maxStepsPerEpoch(), objective(workers * spec.localSteps(), spec.localSteps()))
                : new LocalGradients(model, new SplitSteps(spec.data(), spec.trainSplit(), TrainJob.records(manifest, spec.trainSplit()),
                classes(), read, spec.maxStepsPerEpoch()), true, objective(1, 1));
    }

    /** The minibatches' objective for {@code slices} minibatches per step, {@code perWorker} of them on each worker. */
    private MinibatchObjective objective(int slices, int perWorker) {
        if (teacher == null) {
            return MinibatchObjective.adversarial(spec.adversarialTraining(normalization));
        }
        Distillation d = new Distillation(spec.distill(), teacher, spec.model().engine(), normalization, slices, perWorker, spec.seed());
        d.check(classes(), manifest.shape() == null ? null
                : new int[] {manifest.shape().channels(), manifest.shape().height(), manifest.shape().width()});
        return new MinibatchObjective(null, d);
    }

    public Evaluator evaluator(SparkSession spark, TrainableModel model) {
        return distributed
                ? new SparkEvaluator(spark, spec.data(), spec.model(), classes(), normalization, spec.evalBatchSize(),
                spec.epochRobustEvaluation())
                : new LocalEvaluator(model, spec.data(), classes(), normalization, spec.evalBatchSize(), spec.epochRobustEvaluation());
    }
}
