package lowbit.train.spark;

import lowbit.LowbitException;
import lowbit.data.read.SplitUnion;
import lowbit.data.shard.Manifest;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;

/** The rows of one split (or a {@link SplitUnion}) of a sharded dataset as Spark reads them from its Parquet files. */
public final class SplitRows {
    private SplitRows() {
    }

    /** @param partitions coalesce to this many partitions (no shuffle); 0 keeps Spark's file partitions */
    public static JavaRDD<Row> of(SparkSession spark, String dataset, String split, int partitions) {
        JavaRDD<Row> rows = spark.read().parquet(dataset + "/" + Manifest.DATA_DIR)
                .where(col("split").isin(SplitUnion.parts(split).toArray())).javaRDD();
        if (partitions == 0) {
            return rows;
        }
        if (rows.getNumPartitions() < partitions) {
            throw new LowbitException(dataset + " split " + split + " reads as " + rows.getNumPartitions()
                    + " Spark partitions, fewer than the " + partitions + " workers; shard it into more files");
        }
        return rows.coalesce(partitions);
    }
}
