package lowbit.sweep;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** A sweep in its own JVM, slow enough to be killed mid-way by {@link SweepRunnerTest}. */
public final class SweepChild {
    private SweepChild() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        new SweepRunner(spark, SweepRunnerTest.spec(Path.of(args[0]), args[1]), new SeedCellRunner(700)).run();
    }
}
