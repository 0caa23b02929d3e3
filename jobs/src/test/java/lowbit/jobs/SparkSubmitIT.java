package lowbit.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spark-submit jar run exactly as spark-submit runs it: org.apache.spark.deploy.SparkSubmit with
 * only Spark's own jars on the classpath, so anything the jar forgot to bundle fails here.
 */
class SparkSubmitIT {
    @TempDir
    Path tmp;

    @Test
    void shardJobRunsFromTheSparkSubmitJar() throws Exception {
        Path target = Path.of(System.getProperty("lowbit.jobs.target", "target"));
        String sparkClasspath = Files.readString(target.resolve("spark-classpath.txt")).strip();
        Path output = tmp.resolve("cifar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("lowbit.opens", String.join(" ", opens())).split(" ")));
        command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--class", "lowbit.jobs.LowbitCli", target.resolve("lowbit-spark-submit.jar").toString(),
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

    private static List<String> opens() {
        return List.of("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED");
    }
}
