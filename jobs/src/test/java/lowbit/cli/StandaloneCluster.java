package lowbit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 from Spark's jars: {@code org.apache.spark.deploy.master.Master} and one
 * {@code org.apache.spark.deploy.worker.Worker}, each in its own JVM, as {@code sbin/start-master.sh} and
 * {@code start-worker.sh} would start them. {@link #close()} stops both and every executor the worker launched,
 * whatever state they are in.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final long START_SECONDS = 120;

    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();
    private String masterUrl;

    private StandaloneCluster(Path dir) {
        this.dir = dir;
    }

    /** @param cores and {@code memory} (e.g. "3g") the worker offers to applications */
    static StandaloneCluster start(Path dir, int cores, String memory) {
        StandaloneCluster cluster = new StandaloneCluster(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));  // also when the test JVM is stopped (Ctrl-C, fork timeout)
        try {
            Path home = SparkJars.home(dir.resolve("spark-home"));
            Process master = cluster.daemon("master", List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"), home);
            Matcher url = cluster.await("master", MASTER_URL, master);
            cluster.masterUrl = url.group(1);
            Process worker = cluster.daemon("worker", List.of("--host", "127.0.0.1", "--webui-port", "0", "--cores",
                    Integer.toString(cores), "--memory", memory, "--work-dir", dir.resolve("work").toString(), cluster.masterUrl), home);
            cluster.await("worker", Pattern.compile("Successfully registered with master"), worker);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The daemon's log so far (master.log, worker.log in the cluster folder). */
    String log(String daemon) {
        try {
            return Files.readString(dir.resolve(daemon + ".log"));
        } catch (IOException e) {
            return "(no " + daemon + " log: " + e + ")";
        }
    }

    /** The executors' stderr of every application the worker ran, for failure messages. */
    String executorLogs() {
        try (var files = Files.walk(dir.resolve("work"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                String text = Files.readString(f);
                all.append("--- ").append(f).append('\n').append(text, Math.max(0, text.length() - 4000), text.length());
            }
            return all.toString();
        } catch (IOException e) {
            return "(no executor logs: " + e + ")";
        }
    }

    private synchronized Process daemon(String name, List<String> args, Path home) {
        String mainClass = "org.apache.spark.deploy." + name + "." + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        ProcessBuilder builder = new ProcessBuilder(SparkJars.java(mainClass, args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1", "OMP_NUM_THREADS", "1"));
        try {
            Process p = builder.start();
            daemons.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Matcher await(String name, Pattern line, Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(log(name));
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + name + " exited with " + process.exitValue() + ":\n" + log(name));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the " + name + " did not start in " + START_SECONDS + " s:\n" + log(name));
    }

    /** Worker first (it stops its executors), then the master; SIGKILL for whatever outlives a 20 s grace. */
    @Override
    public synchronized void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process daemon = daemons.get(i);
            List<ProcessHandle> children = daemon.descendants().toList();
            daemon.destroy();
            try {
                if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                daemon.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        daemons.clear();
    }
}
