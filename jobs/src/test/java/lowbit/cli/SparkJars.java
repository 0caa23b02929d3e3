package lowbit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Spark distribution provides, for integration tests that run Spark's own main classes in child JVMs: the
 * jars of the provided scope (target/spark-classpath.txt, written by the build), the Java 17 flags spark-class
 * adds, and the spark-submit jar.
 */
final class SparkJars {
    private SparkJars() {
    }

    static Path target() {
        return Path.of(System.getProperty("lowbit.jobs.target", "target"));
    }

    static Path submitJar() {
        return target().resolve("lowbit-spark-submit.jar");
    }

    static String classpath() {
        try {
            return Files.readString(target().resolve("spark-classpath.txt")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java <the --add-opens this JVM got from the pom's spark.jvm.opens> -cp <Spark's jars> mainClass args}. */
    static List<String> java(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).forEach(command::add);
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(args);
        return command;
    }

    /** spark-submit of the lowbit jar: {@code --class lowbit.cli.LowbitCli}, with extra spark-submit options first. */
    static List<String> submit(String master, List<String> submitOptions, List<String> lowbitArgs) {
        List<String> args = new ArrayList<>(List.of("--master", master, "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        args.addAll(submitOptions);
        args.addAll(List.of("--class", "lowbit.cli.LowbitCli", submitJar().toString()));
        args.addAll(lowbitArgs);
        return java("org.apache.spark.deploy.SparkSubmit", args);
    }

    /**
     * A Spark home as a worker needs one to launch executors: {@code jars/} holding (links to) Spark's jars. The
     * launcher also wants {@code SPARK_SCALA_VERSION}, which Spark's own scripts export.
     */
    static Path home(Path dir) {
        try {
            Path jars = Files.createDirectories(dir.resolve("jars"));
            for (String jar : classpath().split(java.io.File.pathSeparator)) {
                Path from = Path.of(jar);
                Files.createSymbolicLink(jars.resolve(from.getFileName()), from);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
