package lowbit.data.shard;

import lowbit.BuildInfo;
import lowbit.LowbitException;
import lowbit.data.image.Preprocessor;
import lowbit.data.source.ImageSource;
import lowbit.data.source.SourcePlan;
import lowbit.data.source.Sources;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
        } catch (RuntimeException e) {
            publisher.abandon();
            throw userFacing(e);
        }
    }

    private static <U extends Serializable> Manifest shard(SparkSession spark, ShardSpec spec, ImageSource<U> source,
                                                           DatasetPublisher publisher) {
        SourcePlan<U> plan = source.plan();
        List<String> classes = plan.classNames();
        RecordRows rows = new RecordRows(spec.dataset(), classes,
                new Preprocessor(spec.height(), spec.width(), spec.grayscale(), spec.resizeFilter()), spec.splits());
        JavaRDD<U> units = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(plan.units(), Math.max(1, plan.units().size()));
        JavaRDD<Row> rowRdd = units.flatMap(unit -> rows.convert(source.read(unit, classes)));
        Dataset<Row> all = spark.createDataFrame(rowRdd, RecordRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> good = all.filter(col(RecordRows.DAMAGE).isNull()).drop(RecordRows.DAMAGE);
            Dataset<Row> damaged = all.filter(col(RecordRows.DAMAGE).isNotNull());
            long started = System.nanoTime();
            ShardStats stats = all.select("split", "label", RecordRows.DAMAGE, "channels", "height", "width", "pixels")
                    .javaRDD().treeAggregate(new ShardStats(classes.size()), ShardStats::add, ShardStats::merge);
            LOG.info("read and preprocessed the source in {} s", seconds(started));
            Map<String, Manifest.SplitCounts> splits = stats.splits(classes);
            long records = splits.values().stream().mapToLong(Manifest.SplitCounts::records).sum();
            checkQuarantine(spec, stats.quarantined(), records + stats.quarantined(), stats.reasons());

            LOG.info("writing {} records ({} quarantined) of {} to {}", records, stats.quarantined(), spec.dataset(), spec.output());
            long writing = System.nanoTime();
            // Round-robin: shards within one record of each other, deterministic (Spark sorts before it)
            good.repartition(spec.shards())
                    .write().mode(SaveMode.ErrorIfExists).partitionBy("split")
                    .parquet(publisher.staging() + "/" + Manifest.DATA_DIR);
            damaged.select(lit(spec.dataset()).as("dataset"), col("id").as("source"), col(RecordRows.DAMAGE).as("reason"))
                    .coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(publisher.staging() + "/" + Manifest.QUARANTINE_DIR);
            LOG.info("wrote the shards in {} s", seconds(writing));

            Manifest manifest = new Manifest(Manifest.SCHEMA_VERSION, spec.dataset(), spec.format(), spec.input(),
                    plan.fingerprint(), Instant.now().toString(), spec.seed(), BuildInfo.versions(spark.version()),
                    spec.settings(), classes, stats.shape(), spec.shards(), records, splits,
                    new Manifest.Quarantine(stats.quarantined(), stats.reasons()), stats.trainStats());
            publisher.writeStagedFile(Manifest.FILE, manifest.toJson());
            return manifest;
        } finally {
            all.unpersist();
        }
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
    static RuntimeException userFacing(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LowbitException le) {
                return le;
            }
        }
        return e;
    }
}
