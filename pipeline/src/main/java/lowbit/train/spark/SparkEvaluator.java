package lowbit.train.spark;

import lowbit.data.read.Batch;
import lowbit.data.read.PartitionBatches;
import lowbit.data.read.ReadOptions;
import lowbit.eval.LabeledImages;
import lowbit.robust.RobustAccuracy;
import lowbit.robust.RobustEvaluation;
import lowbit.train.EvalCounts;
import lowbit.train.EvalResult;
import lowbit.train.Evaluator;
import lowbit.train.LocalEvaluator;
import lowbit.train.ModelRecipe;
import lowbit.engine.NoiseStreams;
import lowbit.engine.TrainableModel;
import lowbit.data.read.Normalization;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributed evaluation: each partition of the split's Parquet rows counts its predictions; counts are summed.
 * With a {@link RobustEvaluation}, the split's first images (read once on the driver, the same images as in
 * local mode) are spread over the executors in batches and attacked there.
 */
public final class SparkEvaluator implements Evaluator {
    private final SparkSession spark;
    private final String dataset;
    private final ModelRecipe recipe;
    private final int classes;
    private final Normalization normalization;
    private final ReadOptions options;
    private final RobustEvaluation robust;
    private final Map<String, List<Batch>> attacked = new HashMap<>();

    /** @param robust null for clean evaluation only */
    public SparkEvaluator(SparkSession spark, String dataset, ModelRecipe recipe, int classes, Normalization normalization,
                          int batchSize, RobustEvaluation robust) {
        this.spark = spark;
        this.dataset = dataset;
        this.recipe = recipe;
        this.classes = classes;
        this.normalization = normalization;
        this.options = ReadOptions.evaluation(batchSize, normalization);
        this.robust = robust;
    }

    @Override
    public EvalResult evaluate(String split, float[] params, float[] batchNorm) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[][]> state = jsc.broadcast(new float[][] {params, batchNorm});
        ModelRecipe recipe = this.recipe;
        int classes = this.classes;
        ReadOptions options = this.options;
        try {
            EvalResult clean = SplitRows.of(spark, dataset, split, 0).mapPartitionsWithIndex((p, rows) -> {
                float[][] s = state.value();
                TrainableModel model = ModelCache.get(recipe);
                model.reseedNoise(NoiseStreams.of(-1, 0, p));
                return List.of(LocalEvaluator.count(model, s[0], s[1],
                        PartitionBatches.batches(rows, classes, options, 0, p), classes)).iterator();
            }, true).treeAggregate(new EvalCounts(classes), EvalCounts::merge, EvalCounts::merge, 2).result(split);
            return robust == null ? clean : clean.withRobust(attack(jsc, split, state));
        } finally {
            state.destroy();
        }
    }

    private RobustAccuracy attack(JavaSparkContext jsc, String split, Broadcast<float[][]> state) {
        List<Batch> batches = attacked.computeIfAbsent(split,
                s -> LabeledImages.fromShards(dataset, s, robust.images(), normalization).batches(RobustEvaluation.BATCH));
        ModelRecipe recipe = this.recipe;
        RobustEvaluation robust = this.robust;
        Normalization normalization = this.normalization;
        return jsc.parallelize(batches, Math.min(batches.size(), jsc.defaultParallelism())).mapPartitionsWithIndex((p, it) -> {
            float[][] s = state.value();
            TrainableModel model = ModelCache.get(recipe);
            model.reseedNoise(NoiseStreams.of(-2, 0, p));
            return List.of(LocalEvaluator.robust(model, s[0], s[1], robust, normalization, it)).iterator();
        }, true).treeAggregate(RobustAccuracy.NONE, RobustAccuracy::merge, RobustAccuracy::merge, 2);
    }
}
