package lowbit.bench;

import lowbit.data.read.Augmentation;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import lowbit.testing.LocalCluster;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.train.GradientSource;
import lowbit.train.LocalGradients;
import lowbit.train.ModelRecipe;
import lowbit.train.SplitSteps;
import lowbit.train.spark.SparkGradients;
import lowbit.train.spark.SplitRows;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One measurement per JVM, for bench/spark-overhead: gradient steps per second of one model with the same global
 * batch computed in a single JVM (2 native threads), in Spark local[2] and in local-cluster[2,1,1024] (2 workers of
 * 1 thread each), and in Spark local[1] (one worker, its native threads from OMP_NUM_THREADS). Only the gradient computation is timed (the driver's optimizer step is the same in all three).
 */
public final class SparkOverheadBench {
    private SparkOverheadBench() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "shard" -> Shard.run("idx", fashionTestIdx(Path.of(args[1])), args[1] + "/fashion", "shards=8", "split.mode=hash");
            case "measure" -> measure(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), args.length > 7 ? Integer.parseInt(args[7]) : 1);
            case "project" -> project(args[1], Double.parseDouble(args[2]), Double.parseDouble(args[3]), Long.parseLong(args[4]),
                    Long.parseLong(args[5]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /**
     * Step time at n executors of one core each, per-worker batch fixed (the global batch grows with n), from the
     * measured single-JVM step (compute) and local-cluster step (compute + one job's overhead with 2 executors):
     * t(n) = compute + job + task * n + broadcast(n) + aggregate(n), where
     * <ul>
     *   <li>compute = the single-JVM step (2 threads on the 2-worker batch = 1 thread on one worker's share);</li>
     *   <li>job = local-cluster step - compute - the loopback transfers, Spark's fixed cost of one job (scheduling,
     *       task serialization, result handling), assumed independent of n except for {@code task} = 2 ms per task
     *       of driver-side launch and result handling (an assumption, not measured here);</li>
     *   <li>broadcast(n) = S / bw * ceil(log2(n + 1)): TorrentBroadcast's blocks spread peer to peer, about a doubling
     *       of holders per round;</li>
     *   <li>aggregate(n) = 2 * sqrt(n) * A / bw: treeAggregate at depth 2 combines sqrt(n) partial sums per level;</li>
     *   <li>bw = 125 MB/s (1 GbE) or 1.25 GB/s (10 GbE), no contention, loopback transfers taken as free.</li>
     * </ul>
     */
    private static void project(String model, double computeMs, double clusterMs, long broadcastBytes, long aggregateBytes) {
        double jobMs = Math.max(0, clusterMs - computeMs);
        double taskMs = 2;
        System.out.printf(Locale.ROOT, "PROJECT %s compute_ms=%.2f job_overhead_ms=%.2f (local-cluster, 2 executors)%n",
                model, computeMs, jobMs);
        for (double bw : new double[] {125e6, 1.25e9}) {
            for (int n : new int[] {8, 32, 128}) {
                double broadcastMs = 1000 * broadcastBytes / bw * Math.ceil(Math.log(n + 1) / Math.log(2));
                double aggregateMs = 1000 * 2 * Math.sqrt(n) * aggregateBytes / bw;
                double step = computeMs + jobMs + taskMs * n + broadcastMs + aggregateMs;
                System.out.printf(Locale.ROOT, "PROJECT %s bandwidth_MBps=%.0f executors=%d step_ms=%.1f broadcast_ms=%.1f"
                                + " aggregate_ms=%.1f efficiency=%.2f%n", model, bw / 1e6, n, step, broadcastMs, aggregateMs,
                        computeMs / step);
            }
        }
    }

    /** CPU time of this JVM and its child processes (local-cluster's executor JVMs), load-independent unlike wall time. */
    private static double cpuSeconds() {
        long nanos = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        nanos += ProcessHandle.current().descendants()
                .mapToLong(h -> h.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
        return nanos / 1e9;
    }

    private static Path fashionTestIdx(Path dir) {
        try {
            return SharedData.fashionMnistTestIdx(dir.resolve("idx"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ModelRecipe recipe(String model) {
        return switch (model) {
            case "lenet" -> new ModelRecipe("lenet", Map.of("seed", "3"));
            case "mobilenet" -> new ModelRecipe("mobilenetv1", Map.of("seed", "3", "size", "28", "channels", "1",
                    "classes", "10", "alpha", "0.25"));
            default -> throw new IllegalArgumentException("model lenet or mobilenet, not " + model);
        };
    }

    /** Spark local[threads]: as many concurrent tasks as threads. */
    private static SparkSession localSpark(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").appName("lowbit-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
    }

    /**
     * @param where      single, local (local[2], 2 workers), local1 (local[1], one worker with the whole batch) or cluster
     * @param localSteps minibatches each Spark worker runs per aggregation (the single JVM runs one minibatch of
     *                   {@code batch} per step; images/s compares the two)
     */
    private static void measure(String where, String model, String dataset, int batch, int warmup, int steps,
                                int localSteps) {
        ModelRecipe recipe = recipe(model);
        TrainableModel m = recipe.build();
        int workers = where.equals("single") || where.equals("local1") ? 1 : 2;
        ReadOptions read = new ReadOptions(batch / workers, 1024, 1, Normalization.UNIT, Augmentation.NONE);
        SparkSession spark = switch (where) {
            case "single" -> null;
            case "local" -> localSpark(2);
            case "local1" -> localSpark(1);
            case "cluster" -> LocalCluster.start(2);
            default -> throw new IllegalArgumentException("single, local, local1 or cluster, not " + where);
        };
        long records = Manifest.read(dataset).splits().get("train").records();
        try (GradientSource source = spark == null
                ? new LocalGradients(m, new SplitSteps(dataset, "train", records, 10, read, 0), true)
                : new SparkGradients(SplitRows.of(spark, dataset, "train", workers), recipe, 10, read, localSteps, 0)) {
            float[] params = m.parameters();
            float[] batchNorm = m.batchNormState();
            int perEpoch = source.stepsPerEpoch();
            for (int s = 0; s < warmup; s++) {
                source.compute(s / perEpoch, s % perEpoch, params, batchNorm);
            }
            long t0 = System.nanoTime();
            double cpu0 = cpuSeconds();
            for (int s = warmup; s < warmup + steps; s++) {
                source.compute(s / perEpoch, s % perEpoch, params, batchNorm);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuSeconds() - cpu0;
            long state = m.parameterCount() + (long) batchNorm.length;
            double images = steps * (double) source.globalBatch();
            System.out.printf(Locale.ROOT, "MEASURE %s %s threads=%s batch=%d local_steps=%d steps=%d step_ms=%.2f"
                            + " images_per_s=%.1f images_per_cpu_s=%.1f broadcast_bytes=%d aggregate_bytes_per_partition=%d%n",
                    where, model, System.getenv().getOrDefault("OMP_NUM_THREADS", "?"), source.globalBatch(),
                    spark == null ? 1 : localSteps, steps, 1000 * seconds / steps, images / seconds, images / cpu,
                    spark == null ? 0 : 4 * state, spark == null ? 0 : 8 * state);
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }
}
