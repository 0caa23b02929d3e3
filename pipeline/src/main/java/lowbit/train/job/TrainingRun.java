package lowbit.train.job;

import lowbit.train.Trainer;
import lowbit.train.TrainState;
import lowbit.train.TrainSpec;
import lowbit.train.GradientSource;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
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
        return run(spark, spec, model, TrainJob.normalization(spec, manifest), null, start, startBatchNorm, log, state -> { });
    }

    /**
     * @param normalization how the run scales pixels
     * @param baseModel     the base cell's model file (the teacher {@code base} names); null without one
     * @param epochEnd      receives the state after every epoch
     */
    public static TrainState run(SparkSession spark, TrainSpec spec, TrainableModel model, Normalization normalization, Path baseModel,
                                 float[] start, float[] startBatchNorm, Consumer<String> log, Consumer<TrainState> epochEnd) {
        TrainingSetup setup = new TrainingSetup(spark, spec, Manifest.read(spec.data()), normalization, baseModel);
        try (GradientSource source = setup.gradients(spark, model)) {
            Trainer trainer = new Trainer(model.parameterViews(), source, setup.evaluator(spark, model), spec.evalSplits(),
                    spec.optimizer(model.parameterCount()), spec.lr(), spec.regularizers(), spec.transform(), spec.epochs(),
                    log, epochEnd).finishingWith(spec.finish());
            TrainState end = trainer.run(TrainState.initial(start != null ? start : model.parameters(),
                    startBatchNorm != null ? startBatchNorm : model.batchNormState()));
            model.setParameters(trainer.effective(end));
            if (end.batchNorm().length > 0) {
                model.setBatchNormState(end.batchNorm());
            }
            return end;
        }
    }
}
