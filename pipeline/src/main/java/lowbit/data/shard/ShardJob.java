package lowbit.data.shard;

import lowbit.BuildInfo;
import lowbit.LowbitException;
import lowbit.data.Schemas;
import lowbit.data.image.Preprocessor;
import lowbit.data.source.ImageSource;
import lowbit.data.source.SourcePlan;
import lowbit.data.source.SourceRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sharding job: reads a dataset in its published layout on the executors, preprocesses it, writes
 * balanced Parquet shards partitioned by split plus a quarantine table, and publishes the dataset with
 * its manifest atomically.
 */
public final class ShardJob {
    private static final Logger LOG = LoggerFactory.getLogger(ShardJob.class);

    private ShardJob() {
    }

    public static Manifest run(SparkSession spark, ShardSpec spec) {
        DatasetPublisher publisher = new DatasetPublisher(spec.output(), spark.sparkContext().hadoopConfiguration());
        publisher.checkTarget(spec.overwrite());
        try {
            Manifest manifest = shard(spark, spec, Sources.of(spec), publisher);
            publisher.publish();
            return manifest;
        } catch (Exception e) { // Spark's write throws the checked SparkException undeclared
            publisher.abandon();
            throw userFacing(e);
        }
    }

    private static <U extends Serializable> Manifest shard(SparkSession spark, ShardSpec spec, ImageSource<U> source,
                                                           DatasetPublisher publisher) {
        long started = System.nanoTime();
        SourcePlan<U> plan = source.plan();
        List<String> classes = plan.classNames();
        LOG.info("planned {} reading tasks in {} s", plan.units().size(), seconds(started));
        RecordRows rows = new RecordRows(spec.dataset(), classes,
                new Preprocessor(spec.height(), spec.width(), spec.grayscale(), spec.resizeFilter()), spec.splits());
        ShardStatsAccumulator statsByTask = new ShardStatsAccumulator();
        spark.sparkContext().register(statsByTask, "lowbit shard statistics");
        int tasks = Math.max(1, plan.units().size());
        JavaRDD<Row> rowRdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(plan.units(), tasks)
                .mapPartitionsWithIndex((partition, units) -> rows.convert(readAll(source, units, classes),
                        stats -> statsByTask.add(new ShardStatsAccumulator.Report(partition, stats))), false);

        long writing = System.nanoTime();
        // One pass: read, preprocess, count and write. Round-robin keeps shards within one record of each
        // other and is deterministic (Spark sorts before it)
        spark.createDataFrame(rowRdd, RecordRows.SCHEMA).repartition(spec.shards())
                .write().mode(SaveMode.ErrorIfExists).partitionBy("split")
                .option("parquet.enable.dictionary#pixels", "false").option("parquet.enable.dictionary#id", "false")
                .parquet(publisher.staging() + "/" + Manifest.DATA_DIR);
        LOG.info("read, preprocessed and wrote the shards in {} s", seconds(writing));

        ShardStats stats = statsByTask.merged(tasks, classes.size());
        Map<String, Manifest.SplitCounts> splits = stats.splits(classes);
        long records = splits.values().stream().mapToLong(Manifest.SplitCounts::records).sum();
        checkQuarantine(spec, stats.quarantined(), records + stats.quarantined(), stats.reasons());
        LOG.info("wrote {} records ({} quarantined) of {} to {}", records, stats.quarantined(), spec.dataset(), spec.output());
        writeQuarantine(spark, spec.dataset(), stats.quarantinedRecords(), publisher.staging() + "/" + Manifest.QUARANTINE_DIR);

        Manifest manifest = new Manifest(Manifest.SCHEMA_VERSION, spec.dataset(), spec.format(), spec.input(),
                plan.fingerprint(), Instant.now().toString(), spec.seed(), BuildInfo.versions(spark.version()),
                spec.settings(), classes, stats.shape(), spec.shards(), records, splits,
                new Manifest.Quarantine(stats.quarantined(), stats.reasons()), stats.trainStats());
        publisher.writeStagedFile(Manifest.FILE, manifest.toJson());
        return manifest;
    }

    private static <U extends Serializable> Iterator<SourceRecord> readAll(ImageSource<U> source, Iterator<U> units,
                                                                           List<String> classes) {
        return new Iterator<>() {
            private Iterator<SourceRecord> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && units.hasNext()) {
                    current = source.read(units.next(), classes);
                }
                return current.hasNext();
            }

            @Override
            public SourceRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The quarantine table: one file, its rows in reading order (held on the driver: few by the fraction check). */
    private static void writeQuarantine(SparkSession spark, String dataset, List<ShardStats.Quarantined> damaged, String path) {
        List<Row> rows = damaged.stream().map(q -> RowFactory.create(dataset, q.source(), q.reason())).toList();
        spark.createDataFrame(rows, Schemas.spark(Schemas.QUARANTINE_RECORD)).coalesce(1)
                .write().mode(SaveMode.ErrorIfExists).parquet(path);
    }

    private static void checkQuarantine(ShardSpec spec, long quarantined, long total, Map<String, Long> reasons) {
        if (total == 0) {
            throw new LowbitException("the source " + spec.input() + " holds no records");
        }
        double fraction = (double) quarantined / total;
        if (fraction > spec.maxQuarantineFraction()) {
            String top = reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining("; "));
            throw new LowbitException(String.format("%d of %d records (%.2f %%) of %s are damaged, over "
                            + "lowbit.shard.max-quarantine-fraction = %s; nothing was written. Reasons: %s",
                    quarantined, total, 100 * fraction, spec.input(), spec.maxQuarantineFraction(), top));
        }
    }

    private static String seconds(long since) {
        return String.format("%.1f", (System.nanoTime() - since) / 1e9);
    }

    /** Spark wraps executor failures; surface the LowbitException that names the file or record. */
    static RuntimeException userFacing(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LowbitException le) {
                return le;
            }
        }
        return e instanceof RuntimeException re ? re : new LowbitException("sharding failed: " + e.getMessage(), e);
    }
}
