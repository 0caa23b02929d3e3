package lowbit.train;

import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
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
        TrainingSetup setup = new TrainingSetup(spark, spec, Manifest.read(spec.data()));
        try (GradientSource source = setup.gradients(spark, model)) {
            Trainer trainer = new Trainer(model.parameterViews(), source, setup.evaluator(spark, model), spec.evalSplits(),
                    spec.optimizer(model.parameterCount()), spec.lr(), spec.regularizers(), spec.transform(), spec.epochs(),
                    log, state -> { });
            TrainState end = trainer.run(new TrainState(0, 0, start != null ? start : model.parameters(),
                    startBatchNorm != null ? startBatchNorm : model.batchNormState(), null, List.of()));
            model.setParameters(trainer.effective(end.params()));
            if (end.batchNorm().length > 0) {
                model.setBatchNormState(end.batchNorm());
            }
            return end;
        }
    }
}
