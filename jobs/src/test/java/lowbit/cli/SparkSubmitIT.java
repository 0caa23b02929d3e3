package lowbit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spark-submit jar run exactly as spark-submit runs it: org.apache.spark.deploy.SparkSubmit with
 * only Spark's own jars on the classpath, so anything the jar forgot to bundle fails here.
 */
@Tag("cluster")
@Tag("data")
class SparkSubmitIT {
    @TempDir
    Path tmp;

    @Test
    void shardJobRunsFromTheSparkSubmitJar() throws Exception {
        Path output = tmp.resolve("cifar");
        List<String> command = SparkJars.submit("local[2]", List.of(), List.of(
                "shard", "--format", "cifar10-bin", "--input", SharedData.path("cifar10-bin").toString(),
                "--output", output.toString(), "shards=2"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("spark-submit.log").toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "spark-submit finished");
        String log = Files.readString(tmp.resolve("spark-submit.log"));
        assertEquals(0, process.exitValue(), log);
        JsonNode manifest = new ObjectMapper().readTree(output.resolve("_manifest.json").toFile());
        assertEquals(50, manifest.path("records").asInt(), log);
        try (var files = Files.list(output.resolve("data/split=test"))) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".parquet")).count());
        }
    }
}
