package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classpath bin/lowbit runs on (the jobs jar and target/classpath.txt, as the build writes them), in a child JVM:
 * a Spark job on it must find every class Spark loads lazily (LZ4 went missing once when a dependency lifted it to
 * runtime scope, which classpath.txt leaves out).
 */
@Tag("cluster")
@Tag("data")
class LauncherClasspathIT {
    @TempDir
    Path tmp;

    @Test
    void theLaunchersClasspathRunsASparkJob() throws Exception {
        Path target = SparkJars.target();
        String classpath = target.resolve("lowbit-jobs-0.1.0-SNAPSHOT.jar") + ":" + Files.readString(target.resolve("classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).forEach(command::add);
        command.addAll(List.of("-cp", classpath, "lowbit.cli.LowbitCli", "shard", "--format", "cifar10-bin",
                "--input", SharedData.path("cifar10-bin").toString(), "--output", tmp.resolve("cifar").toString(), "shards=2"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("launcher.log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the shard job finished");
        String log = Files.readString(tmp.resolve("launcher.log"));
        assertEquals(0, process.exitValue(), log);
        assertTrue(Files.exists(tmp.resolve("cifar/_manifest.json")), log);
    }
}
