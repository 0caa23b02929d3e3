package lowbit.testing;

import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Spark's {@code local-cluster[n,1,1024]}: a master and n workers inside this JVM, each worker launching its
 * executor as a separate JVM, as a standalone cluster would. A worker builds the executor's command like
 * {@code spark-class}: the classpath is {@code spark.executor.extraClassPath}, then {@code $SPARK_HOME/jars/*}, and
 * the launcher insists that jars folder exists and that it knows the Scala version. So the build sets
 * {@code SPARK_HOME} to an empty folder under target/ (surefire's environment), this class creates its
 * {@code jars/} and hands the executors this JVM's test classpath. Spark itself adds its Java 17
 * {@code --add-opens} flags to the executors' command line.
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    /** Stops any other session of this JVM (only one SparkContext may live) and starts the cluster. */
    public static SparkSession start(int executors) {
        Path home = Path.of(Optional.ofNullable(System.getenv("SPARK_HOME")).orElseThrow(() -> new IllegalStateException(
                "local-cluster tests need SPARK_HOME (Maven sets it to target/spark-home); it is where workers look for jars/")));
        try {
            Files.createDirectories(home.resolve("jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var other : List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
            if (other.isDefined()) {
                other.get().stop();
            }
        }
        SparkSession.Builder builder = SparkSession.builder().master("local-cluster[" + executors + ",1,1024]").appName("lowbit-cluster-tests")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "1024m")
                .config("spark.executor.extraClassPath", executorClasspath())
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1");
        lowbit.engine.NumericKernels.executorEnvironment().forEach((k, v) -> builder.config("spark.executorEnv." + k, v));
        SparkSession spark = builder.getOrCreate();
        awaitExecutors(spark, executors);
        return spark;
    }

    /** This JVM's (test) classpath with absolute entries: executors run in the workers' own folders. */
    private static String executorClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits until {@code executors} executors have registered (the driver counts as one more). */
    public static void awaitExecutors(SparkSession spark, int executors) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (spark.sparkContext().statusTracker().getExecutorInfos().length - 1)
                        + " of " + executors + " executors registered in 2 minutes; see target/spark-home/work/ for their logs");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
