package lowbit.sweep;

import org.apache.spark.sql.SparkSession;

import java.io.Serializable;

/**
 * Runs one sweep cell, either inside one Spark task ({@link #run}) or on the driver as its own distributed
 * Spark job ({@link #runAsJob}); throwing marks the cell failed with the exception's message.
 */
public interface CellRunner extends Serializable {
    CellResult run(CellTask task) throws Exception;

    /** The cell as a distributed job launched from the driver (large cells); by default as {@link #run}. */
    default CellResult runAsJob(SparkSession spark, CellTask task) throws Exception {
        return run(task);
    }

    /** Whether {@code cell-mode = auto} should run this cell as a job: its model's forward pass costs at least {@code jobMacs}. */
    default boolean prefersJob(CellTask task, long jobMacs) {
        return false;
    }
}
