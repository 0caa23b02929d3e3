package lowbit.cli;

import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Spark standalone cluster on 127.0.0.1 (master and worker JVMs from Spark's jars), the lowbit jar submitted
 * to it through SparkSubmit as spark-submit does: shard the real Fashion-MNIST test images (hash split into
 * train / val / test), then train LeNet with 2 workers on 2 executor JVMs and check the result tables.
 */
@Tag("spark")
@Tag("cluster")
@Tag("data")
class StandaloneClusterIT {
    private static final List<String> EXECUTORS = List.of("--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
            "--conf", "spark.executorEnv.OMP_NUM_THREADS=1");

    @TempDir
    Path tmp;

    @Test
    void shardsAndTrainsLenetOnAStandaloneCluster() throws Exception {
        Path idx = SharedData.fashionMnistTestIdx(tmp.resolve("idx"));
        Path data = tmp.resolve("fashion-mnist");
        Path run = tmp.resolve("run");
        String trainLog;
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, "3g")) {
            submit(cluster, "shard", List.of("shard", "--format", "idx", "--input", idx.toString(), "--output", data.toString(),
                    "shards=4", "split.mode=hash"));
            trainLog = submit(cluster, "train", List.of("train", "--conf", "../conf/experiments/fashion-mnist-lenet.conf",
                    "--data", data.toString(), "--output", run.toString(), "epochs=1", "max-steps-per-epoch=40", "workers=2",
                    "eval-splits=[test]"));
            String worker = cluster.log("worker");
            assertTrue(worker.contains("Asked to launch executor") && worker.matches("(?s).*Asked to launch executor app-\\S+/1 .*"),
                    "the worker launched two executors per application:\n" + worker);
        }
        assertTrue(trainLog.contains("global batch 64 = 2 workers x 1 local steps x 32"), trainLog);
        Row summary = TestSpark.session().read().parquet(run.resolve("summary").toString()).first();
        assertEquals("spark", summary.<String>getAs("mode"));
        assertEquals(40L, summary.<Long>getAs("steps"));
        assertEquals(2, summary.<Integer>getAs("workers"));
        List<Row> evals = summary.getList(summary.fieldIndex("evaluations"));
        assertEquals("test", evals.get(0).<String>getAs("split"));
        double accuracy = evals.get(0).getAs("accuracy");
        System.out.printf("standalone cluster: LeNet test accuracy %.4f after 40 steps of 64 images%n", accuracy);
        assertTrue(accuracy > 0.5, "40 steps of 64 images beat chance (0.1) by far: " + accuracy + "\n" + trainLog);
        assertEquals(1, TestSpark.session().read().parquet(run.resolve("epochs").toString()).count());
        assertTrue(Files.isRegularFile(run.resolve("model.zip")), "model written");
    }

    /** Runs one lowbit command through spark-submit against the cluster; returns its output. */
    private String submit(StandaloneCluster cluster, String name, List<String> lowbitArgs) throws IOException, InterruptedException {
        Path log = tmp.resolve(name + ".log");
        Process p = new ProcessBuilder(SparkJars.submit(cluster.masterUrl(), EXECUTORS, lowbitArgs)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            String out = Files.readString(log);
            assertTrue(done, name + " finished in 5 minutes:\n" + out + cluster.executorLogs());
            assertEquals(0, p.exitValue(), name + ":\n" + out + cluster.executorLogs());
            return out;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
