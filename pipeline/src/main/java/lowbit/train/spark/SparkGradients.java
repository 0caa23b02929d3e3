package lowbit.train.spark;

import lowbit.LowbitException;
import lowbit.data.read.Batch;
import lowbit.data.read.ReadOptions;
import lowbit.train.GradientSource;
import lowbit.train.GradientSum;
import lowbit.train.MinibatchObjective;
import lowbit.train.ModelRecipe;
import lowbit.train.WorkerPass;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.UUID;

/**
 * Synchronous data-parallel gradients on Spark: each step broadcasts the parameters and batch-norm state
 * once; every partition of the training rows runs {@code localSteps} minibatches of {@code options.batchSize()}
 * on its executor's cached model, and {@code treeAggregate} sums gradients, losses, counts and batch-norm
 * states. One step therefore covers partitions x localSteps x batch examples.
 */
public final class SparkGradients implements GradientSource {
    private final JavaSparkContext jsc;
    private final JavaRDD<Row> rows;
    private final ModelRecipe recipe;
    private final int classes;
    private final ReadOptions options;
    private final int localSteps;
    private final MinibatchObjective objective;
    private final String run = UUID.randomUUID().toString();
    private final int stepsPerEpoch;
    private final int[] partitionSizes;

    /** @param maxSteps at most this many steps per epoch; 0 for as many as the smallest partition allows */
    public SparkGradients(JavaRDD<Row> rows, ModelRecipe recipe, int classes, ReadOptions options, int localSteps,
                          int maxSteps) {
        this(rows, recipe, classes, options, localSteps, maxSteps, MinibatchObjective.CROSS_ENTROPY);
    }

    /** @param objective what every worker trains its minibatches on (attacked, distilled or as read) */
    public SparkGradients(JavaRDD<Row> rows, ModelRecipe recipe, int classes, ReadOptions options, int localSteps,
                          int maxSteps, MinibatchObjective objective) {
        this.objective = objective;
        this.jsc = JavaSparkContext.fromSparkContext(rows.context());
        this.rows = rows;
        this.recipe = recipe;
        this.classes = classes;
        this.options = options;
        this.localSteps = localSteps;
        String id = run;
        List<Integer> sizes = rows.mapPartitionsWithIndex((p, it) -> List.of(PartitionCache.load(id, p, it)).iterator(), true)
                .collect();
        this.partitionSizes = sizes.stream().mapToInt(Integer::intValue).toArray();
        int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElse(0);
        int full = smallest / (options.batchSize() * localSteps);
        if (full < 1) {
            throw new LowbitException("the smallest training partition has " + smallest + " examples, fewer than "
                    + localSteps + " local steps of " + options.batchSize());
        }
        this.stepsPerEpoch = maxSteps > 0 ? Math.min(maxSteps, full) : full;
    }

    public int[] partitionSizes() {
        return partitionSizes.clone();
    }

    public int workers() {
        return partitionSizes.length;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public int globalBatch() {
        return workers() * localSteps * options.batchSize();
    }

    @Override
    public GradientSum compute(int epoch, int step, float[] params, float[] batchNorm) {
        Broadcast<float[][]> state = jsc.broadcast(new float[][] {params, batchNorm});
        String id = run;
        ModelRecipe recipe = this.recipe;
        int classes = this.classes;
        ReadOptions options = this.options;
        int k = localSteps;
        MinibatchObjective objective = this.objective;
        try {
            return rows.mapPartitionsWithIndex((p, it) -> {
                List<Batch> mine = PartitionCache.take(id, p, it, classes, options, epoch, (long) step * k, k);
                float[][] s = state.value();
                return List.of(WorkerPass.run(ModelCache.get(recipe), s[0], s[1], mine.iterator(), objective, epoch, step, p))
                        .iterator();
            }, true).treeAggregate(new GradientSum(), GradientSum::merge, GradientSum::merge, 2);
        } finally {
            state.destroy();
        }
    }

    /** Frees the executors' cached rows of this run. */
    @Override
    public void close() {
        String id = run;
        rows.mapPartitionsWithIndex((p, it) -> {
            PartitionCache.drop(id, p);
            return List.<Integer>of().iterator();
        }, true).count();
    }
}
