package lowbit.report;

import java.io.IOException;
import java.util.UUID;

import lowbit.LowbitException;
import lowbit.data.Schemas;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the report rows as one Parquet table in the layer_report.avsc schema. Atomic: Spark writes into a
 * hidden staging folder beside the output, which is then renamed onto it; an existing output is refused.
 */
public final class LayerReportWriter {

    private LayerReportWriter() {
    }

    public static void write(SparkSession spark, LayerReport report, String output) {
        Path target = new Path(output);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path qualified = fs.makeQualified(target);
            if (fs.exists(qualified)) {
                throw new LowbitException("output " + output + " already exists; choose another folder");
            }
            Path staging = new Path(qualified.getParent(), "." + qualified.getName() + ".staging-" + UUID.randomUUID());
            spark.createDataFrame(report.rows().stream().map(LayerReportRow::toRow).toList(), Schemas.spark(Schemas.LAYER_REPORT))
                    .coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
            if (!fs.rename(staging, qualified)) {
                fs.delete(staging, true);
                throw new LowbitException("cannot move the report into place at " + output);
            }
        } catch (IOException e) {
            throw new LowbitException("cannot write the report to " + output + ": " + e.getMessage(), e);
        }
    }
}
