package lowbit.data.shard;

import org.apache.spark.util.AccumulatorV2;

import java.util.Map;
import java.util.TreeMap;

/**
 * Collects each reading task's {@link ShardStats} keyed by its partition, so the statistics come from the
 * same pass that writes the shards. A partition reported twice (a task run again after a lost executor)
 * replaces its earlier report: reading is deterministic, so nothing is counted twice.
 */
public final class ShardStatsAccumulator extends AccumulatorV2<ShardStatsAccumulator.Report, Map<Integer, ShardStats>> {
    /** One partition's statistics. */
    public record Report(int partition, ShardStats stats) implements java.io.Serializable {
    }

    private final TreeMap<Integer, ShardStats> byPartition = new TreeMap<>();

    @Override
    public boolean isZero() {
        return byPartition.isEmpty();
    }

    @Override
    public ShardStatsAccumulator copy() {
        ShardStatsAccumulator copy = new ShardStatsAccumulator();
        copy.byPartition.putAll(byPartition);
        return copy;
    }

    @Override
    public void reset() {
        byPartition.clear();
    }

    @Override
    public void add(Report report) {
        byPartition.put(report.partition(), report.stats());
    }

    @Override
    public void merge(AccumulatorV2<Report, Map<Integer, ShardStats>> other) {
        byPartition.putAll(other.value());
    }

    @Override
    public Map<Integer, ShardStats> value() {
        return byPartition;
    }

    /** All partitions' statistics merged in partition order; fails unless every one of them reported. */
    public ShardStats merged(int partitions, int classes) {
        if (byPartition.size() != partitions) {
            throw new IllegalStateException("statistics of " + byPartition.size() + " of " + partitions
                    + " reading tasks arrived; the manifest would miss records");
        }
        ShardStats all = new ShardStats(classes);
        byPartition.values().forEach(all::merge);
        return all;
    }
}
