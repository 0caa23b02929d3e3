package lowbit.testing;

import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session per test JVM, made anew when a command under test stopped it. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder().master("local[2]").appName("lowbit-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }
}
