package lowbit.train.spark;

import lowbit.data.read.PartitionBatches;
import lowbit.data.read.ReadOptions;
import lowbit.train.EvalCounts;
import lowbit.train.EvalResult;
import lowbit.train.Evaluator;
import lowbit.train.LocalEvaluator;
import lowbit.train.ModelRecipe;
import lowbit.data.read.Normalization;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/** Distributed evaluation: each partition of the split's Parquet rows counts its predictions; counts are summed. */
public final class SparkEvaluator implements Evaluator {
    private final SparkSession spark;
    private final String dataset;
    private final ModelRecipe recipe;
    private final int classes;
    private final ReadOptions options;

    public SparkEvaluator(SparkSession spark, String dataset, ModelRecipe recipe, int classes, Normalization normalization,
                          int batchSize) {
        this.spark = spark;
        this.dataset = dataset;
        this.recipe = recipe;
        this.classes = classes;
        this.options = ReadOptions.evaluation(batchSize, normalization);
    }

    @Override
    public EvalResult evaluate(String split, float[] params, float[] batchNorm) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[][]> state = jsc.broadcast(new float[][] {params, batchNorm});
        ModelRecipe recipe = this.recipe;
        int classes = this.classes;
        ReadOptions options = this.options;
        try {
            return SplitRows.of(spark, dataset, split, 0).mapPartitionsWithIndex((p, rows) -> {
                float[][] s = state.value();
                return List.of(LocalEvaluator.count(ModelCache.get(recipe), s[0], s[1],
                        PartitionBatches.batches(rows, classes, options, 0, p), classes)).iterator();
            }, true).treeAggregate(new EvalCounts(classes), EvalCounts::merge, EvalCounts::merge, 2).result(split);
        } finally {
            state.destroy();
        }
    }
}
