package lowbit.train.dl4j;

import lowbit.LowbitException;
import lowbit.data.read.Batch;
import lowbit.data.read.PartitionBatches;
import lowbit.train.dl4j.Dl4jDataSets;
import lowbit.data.read.ReadOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * DL4J Spark's {@link ParameterAveragingTrainingMaster} over the training rows: every worker trains its own copy of
 * the network on {@code averagingFrequency} minibatches, then the copies' parameters and updater states are averaged
 * ({@code treeAggregate}) and broadcast again. An epoch is one fit over DataSets made on the executors from each
 * partition's rows (shuffled per epoch and partition from the seed), each partition giving the same number of
 * minibatches, a multiple of the averaging frequency.
 */
public final class ParameterAveraging {
    private final JavaSparkContext jsc;
    private final JavaRDD<Row> rows;
    private final int classes;
    private final ReadOptions options;
    private final int averagingFrequency;
    private final int[] partitionSizes;
    private final int stepsPerEpoch;

    /** @param maxSteps at most this many minibatches per worker and epoch; 0 for as many as the smallest partition allows */
    public ParameterAveraging(JavaRDD<Row> rows, int classes, ReadOptions options, int averagingFrequency, int maxSteps) {
        this.jsc = JavaSparkContext.fromSparkContext(rows.context());
        this.rows = rows;
        this.classes = classes;
        this.options = options;
        this.averagingFrequency = averagingFrequency;
        this.partitionSizes = rows.mapPartitions(it -> {
            int n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect().stream().mapToInt(Integer::intValue).toArray();
        int smallest = java.util.Arrays.stream(partitionSizes).min().orElse(0);
        int full = smallest / options.batchSize();
        int steps = maxSteps > 0 ? Math.min(maxSteps, full) : full;
        this.stepsPerEpoch = steps / averagingFrequency * averagingFrequency;
        if (stepsPerEpoch < 1) {
            throw new LowbitException("the smallest training partition has " + smallest + " examples, fewer than "
                    + averagingFrequency + " minibatches of " + options.batchSize() + " between averagings");
        }
    }

    public int workers() {
        return partitionSizes.length;
    }

    public int[] partitionSizes() {
        return partitionSizes.clone();
    }

    /** Minibatches each worker trains per epoch. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /**
     * One epoch of parameter averaging from {@code graph}'s parameters, updater state and counters (set them first).
     *
     * @return the trained network and DL4J's mean minibatch score of the last averaging round
     */
    public Fit fitEpoch(ComputationGraph graph, int epoch) {
        int classes = this.classes;
        ReadOptions options = this.options;
        int steps = stepsPerEpoch;
        JavaRDD<MultiDataSet> data = rows.mapPartitionsWithIndex((p, it) -> {
            Iterator<Batch> batches = PartitionBatches.batches(it, classes, options, epoch, p);
            List<MultiDataSet> mine = new ArrayList<>(steps);
            for (int i = 0; i < steps; i++) {
                DataSet d = Dl4jDataSets.of(batches.next(), classes);
                mine.add(new org.nd4j.linalg.dataset.MultiDataSet(d.getFeatures(), d.getLabels()));
            }
            return mine.iterator();
        }, true);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers(), options.batchSize())
                .batchSizePerWorker(options.batchSize())
                .averagingFrequency(averagingFrequency)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(options.epochSeed(epoch, workers()))
                .build();
        SparkComputationGraph net = new SparkComputationGraph(jsc, graph, master);
        try {
            net.fitMultiDataSet(data);
            return new Fit(net.getNetwork(), net.getScore());
        } finally {
            data.unpersist(false);
        }
    }

    public record Fit(ComputationGraph graph, double score) {
    }
}
