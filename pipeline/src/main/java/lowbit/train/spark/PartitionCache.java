package lowbit.train.spark;

import lowbit.data.read.Batch;
import lowbit.data.read.PartitionBatches;
import lowbit.data.read.ReadOptions;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executor-side rows of each training partition of a run, read from Parquet by the first task that needs
 * them, and the partition's batch iterator of the current epoch. A step asks for batches by position, so a
 * task retried on another executor (or out of order) rebuilds the iterator and skips to that position.
 */
final class PartitionCache {
    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    private static final class Entry {
        List<Row> rows;
        Iterator<Batch> batches;
        int epoch = -1;
        long next;
    }

    private PartitionCache() {
    }

    private static Entry entry(String run, int partition, Iterator<Row> rows) {
        Entry e = ENTRIES.computeIfAbsent(run + "/" + partition, k -> new Entry());
        synchronized (e) {
            if (e.rows == null) {
                List<Row> all = new ArrayList<>();
                rows.forEachRemaining(all::add);
                e.rows = all;
            }
        }
        return e;
    }

    /** Caches the partition's rows; returns how many there are. */
    static int load(String run, int partition, Iterator<Row> rows) {
        return entry(run, partition, rows).rows.size();
    }

    /** Batches {@code [first, first + count)} of the partition's epoch, each of the options' batch size. */
    static List<Batch> take(String run, int partition, Iterator<Row> rows, int classes, ReadOptions options,
                            int epoch, long first, int count) {
        Entry e = entry(run, partition, rows);
        synchronized (e) {
            if (e.batches == null || e.epoch != epoch || e.next != first) {
                e.batches = PartitionBatches.batches(e.rows.iterator(), classes, options, epoch, partition);
                for (long i = 0; i < first; i++) {
                    e.batches.next();
                }
                e.epoch = epoch;
                e.next = first;
            }
            List<Batch> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(e.batches.next());
            }
            e.next += count;
            return out;
        }
    }

    static void drop(String run, int partition) {
        ENTRIES.remove(run + "/" + partition);
    }
}
