package lowbit.spark;

import com.typesafe.config.Config;
import lowbit.engine.NumericKernels;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Creates the Spark session of a lowbit command: under spark-submit its master and settings win; run
 * from {@code bin/lowbit}, Spark is embedded with the configured master ({@code local[*]} by default).
 */
public final class Sessions {
    private Sessions() {
    }

    public static boolean underSparkSubmit() {
        return System.getProperty("spark.master") != null;
    }

    /** Runs {@code work} in a session, stopping it afterwards unless spark-submit owns it. */
    public static <T> T with(Config config, String masterOverride, java.util.function.Function<SparkSession, T> work) {
        SparkSession spark = create(config, masterOverride);
        try {
            return work.apply(spark);
        } finally {
            if (!underSparkSubmit()) {
                spark.stop();
            }
        }
    }

    /** @param masterOverride the --master option, or null */
    public static SparkSession create(Config config, String masterOverride) {
        Config spark = config.getConfig("lowbit.spark");
        SparkSession.Builder builder = SparkSession.builder().appName(spark.getString("app-name"));
        if (masterOverride != null) {
            builder.master(masterOverride);
        } else if (!underSparkSubmit()) {
            builder.master(spark.getString("master"));
        }
        for (Map.Entry<String, Object> e : spark.getConfig("conf").root().unwrapped().entrySet()) {
            if (underSparkSubmit() && e.getKey().equals("spark.driver.host")) {
                continue;
            }
            builder.config(e.getKey(), String.valueOf(e.getValue()));
        }
        // executors run the driver's kernel choice (lowbit.engine.NumericKernels), set before their JVMs start
        for (Map.Entry<String, String> e : NumericKernels.executorEnvironment().entrySet()) {
            builder.config("spark.executorEnv." + e.getKey(), e.getValue());
        }
        return builder.getOrCreate();
    }
}
