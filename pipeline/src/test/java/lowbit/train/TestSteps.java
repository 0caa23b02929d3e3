package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.data.read.PartitionBatches;
import lowbit.data.read.ReadOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Test reference: the sub-batches Spark's workers use, rebuilt in this JVM from each partition's rows. */
public final class TestSteps implements StepBatches {
    private final List<List<Row>> partitions;
    private final int classes;
    private final ReadOptions options;
    private final int localSteps;
    private final int stepsPerEpoch;

    public TestSteps(List<List<Row>> partitions, int classes, ReadOptions options, int localSteps, int stepsPerEpoch) {
        this.partitions = partitions;
        this.classes = classes;
        this.options = options;
        this.localSteps = localSteps;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** Each partition's rows, collected to the driver in partition order (tests only). */
    public static List<List<Row>> partitions(JavaRDD<Row> rows) {
        List<List<Row>> parts = new ArrayList<>();
        for (int p = 0; p < rows.getNumPartitions(); p++) {
            parts.add(new ArrayList<>());
        }
        rows.mapPartitionsWithIndex((p, it) -> {
            List<Tuple2<Integer, Row>> out = new ArrayList<>();
            it.forEachRemaining(r -> out.add(new Tuple2<>(p, r)));
            return out.iterator();
        }, true).collect().forEach(t -> parts.get(t._1()).add(t._2()));
        return parts;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public List<List<Batch>> step(int epoch, int step) {
        List<List<Batch>> workers = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            Iterator<Batch> it = PartitionBatches.batches(partitions.get(p).iterator(), classes, options, epoch, p);
            for (int i = 0; i < step * localSteps; i++) {
                it.next();
            }
            List<Batch> mine = new ArrayList<>();
            for (int i = 0; i < localSteps; i++) {
                mine.add(it.next());
            }
            workers.add(mine);
        }
        return workers;
    }
}
