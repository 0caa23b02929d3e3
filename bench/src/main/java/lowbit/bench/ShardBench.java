package lowbit.bench;

import lowbit.train.dl4j.ParquetDataSetIterator;
import lowbit.config.LowbitConfig;
import lowbit.data.read.Augmentation;
import lowbit.data.read.Normalization;
import lowbit.data.read.PartitionBatches;
import lowbit.data.read.ReadOptions;
import lowbit.data.shard.Manifest;
import lowbit.data.shard.ShardJob;
import lowbit.data.shard.ShardSpec;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.dataset.DataSet;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * One measurement per JVM, for bench/shard-throughput: sharding throughput, reading throughput (single
 * JVM iterator and Spark partitions), and the process's peak resident memory.
 */
public final class ShardBench {
    private ShardBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "shard" -> shard(args[1], args[2], args[3], Arrays.asList(args).subList(4, args.length));
            case "read" -> read(args[1], args[2], Integer.parseInt(args[3]));
            case "spark-read" -> sparkRead(args[1], args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
        }
    }

    private static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("lowbit-bench").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    /**
     * Three figures per dataset: end to end (from JVM start: JVM and Spark start-up, first job), the first job
     * alone on a session already up (cold JIT), and the job repeated in the same JVM (steady state, best of
     * the repeats). Peak RSS is taken after the first job.
     */
    private static void shard(String format, String input, String output, List<String> settings) {
        int repeats = Integer.getInteger("lowbit.bench.repeats", 3);
        List<String> all = new java.util.ArrayList<>(List.of("format=" + format, "input=" + input, "output=" + output, "overwrite=true"));
        all.addAll(settings);
        ShardSpec spec = ShardSpec.from(LowbitConfig.load(null, all, "shard"));
        SparkSession spark = spark();
        long t0 = System.nanoTime();
        Manifest m = ShardJob.run(spark, spec);
        double first = (System.nanoTime() - t0) / 1e9;
        long records = m.records() + m.quarantine().records();
        double endToEnd = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        long rss = peakRssMb();
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int i = 1; i < repeats; i++) {
            long t = System.nanoTime();
            long c = processCpuNanos();
            ShardJob.run(spark, spec);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            bestCpu = Math.min(bestCpu, (processCpuNanos() - c) / 1e9);
        }
        measure("shard-end-to-end", input, records, endToEnd, rss);
        measure("shard-first-job", input, records, first, rss);
        if (repeats > 1) {
            measure("shard-steady-job", input, records, best, rss);
            // on a loaded machine wall time says little: the process's CPU seconds bound an idle 2-core run
            System.out.printf("CPU shard-steady-job %s cpu_seconds=%.2f images_per_cpu_s=%.0f%n", input, bestCpu, records / bestCpu);
        }
        spark.stop();
    }

    private static void measure(String what, String which, long records, double seconds, long rssMb) {
        System.out.printf("MEASURE %s %s records=%d seconds=%.2f images_per_s=%.0f peak_rss_mb=%d%n",
                what, which, records, seconds, records / seconds, rssMb);
    }

    private static void read(String dataset, String split, int batch) {
        ReadOptions options = new ReadOptions(batch, 8192, 1, Normalization.UNIT, new Augmentation(2, true));
        for (int epoch = 0; epoch < 2; epoch++) {
            ParquetDataSetIterator it = new ParquetDataSetIterator(dataset, split, options);
            it.setEpoch(epoch);
            long t0 = System.nanoTime();
            long n = 0;
            while (it.hasNext()) {
                n += it.next().getFeatures().size(0);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (epoch == 1) {
                System.out.printf("MEASURE read-iterator %s records=%d seconds=%.2f images_per_s=%.0f peak_rss_mb=%d%n",
                        split, n, seconds, n / seconds, peakRssMb());
            }
        }
    }

    private static void sparkRead(String dataset, String split, int batch) {
        SparkSession spark = spark();
        int classes = Manifest.read(dataset).classes().size();
        ReadOptions options = new ReadOptions(batch, 8192, 1, Normalization.UNIT, new Augmentation(2, true));
        for (int epoch = 0; epoch < 2; epoch++) {
            int e = epoch;
            long t0 = System.nanoTime();
            long n = spark.read().parquet(dataset + "/data").where("split = '" + split + "'").javaRDD()
                    .mapPartitionsWithIndex((index, rows) -> {
                        Iterator<lowbit.data.read.Batch> batches = PartitionBatches.batches(rows, classes, options, e, index);
                        long count = 0;
                        while (batches.hasNext()) {
                            count += batches.next().size();
                        }
                        return List.of(count).iterator();
                    }, false).reduce(Long::sum);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (epoch == 1) {
                System.out.printf("MEASURE read-spark %s records=%d seconds=%.2f images_per_s=%.0f peak_rss_mb=%d%n",
                        split, n, seconds, n / seconds, peakRssMb());
            }
        }
        spark.stop();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException ignored) {
            // not Linux
        }
        return -1;
    }
}
