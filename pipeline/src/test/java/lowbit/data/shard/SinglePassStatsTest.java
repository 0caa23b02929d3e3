package lowbit.data.shard;

import lowbit.data.read.ImageExample;
import lowbit.data.read.ShardFiles;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statistics gathered while writing equal those recomputed from the written shards. */
@Tag("spark")
@Tag("data")
class SinglePassStatsTest {
    @TempDir
    Path tmp;

    @Test
    void manifestCountsAndTrainMomentsMatchTheShardsOnAFashionMnistSubset() throws IOException {
        Path input = SharedData.path("fashion-mnist");
        Path subset = Files.createDirectories(tmp.resolve("fmnist-subset"));
        copyIdxHead(input, subset, "train", 3_000);
        copyIdxHead(input, subset, "t10k", 700);
        Manifest manifest = Shard.run("idx", subset, tmp.resolve("out"), "shards=3", "split.val-from-train=0.1",
                "records-per-task=500");

        Map<String, long[]> counts = new TreeMap<>();
        long[] sum = new long[1];
        long[] sumSquares = new long[1];
        long[] pixels = new long[1];
        for (String split : manifest.splits().keySet()) {
            ShardFiles.read(ShardFiles.of(tmp.resolve("out").toString(), split)).forEachRemaining(e -> {
                counts.computeIfAbsent(split, s -> new long[10])[e.label()]++;
                if (split.equals("train")) {
                    accumulate(e, sum, sumSquares, pixels);
                }
            });
        }
        assertEquals(700, total(counts.get("test")));
        assertEquals(3_000, total(counts.get("train")) + total(counts.get("val")));
        assertTrue(Math.abs(total(counts.get("val")) - 300) < 60, "about 10 % of train becomes val");
        counts.forEach((split, perClass) -> {
            long[] fromManifest = manifest.splits().get(split).perClass().values().stream().mapToLong(Long::longValue).toArray();
            assertEquals(Arrays.toString(perClass), Arrays.toString(fromManifest), split);
        });
        double mean = (double) sum[0] / pixels[0];
        double std = Math.sqrt((double) sumSquares[0] / pixels[0] - mean * mean);
        assertEquals(mean / 255, manifest.trainStats().mean()[0], 1e-12);
        assertEquals(std / 255, manifest.trainStats().std()[0], 1e-12);
    }

    @Test
    void aReadingTaskRunTwiceIsCountedOnce() {
        ShardStatsAccumulator accumulator = new ShardStatsAccumulator();
        accumulator.add(new ShardStatsAccumulator.Report(0, statsOf("train", 1, 10)));
        accumulator.add(new ShardStatsAccumulator.Report(1, statsOf("train", 2, 20).addDamaged("b:7", "broken")));
        ShardStatsAccumulator rerun = new ShardStatsAccumulator();
        rerun.add(new ShardStatsAccumulator.Report(1, statsOf("train", 2, 20).addDamaged("b:7", "broken")));
        accumulator.merge(rerun);

        ShardStats merged = accumulator.merged(2, 3);
        assertEquals(Map.of("train", 2L), Map.of("train", merged.splits(java.util.List.of("a", "b", "c")).get("train").records()));
        assertEquals(1, merged.quarantined());
        assertEquals(15 / 255.0, merged.trainStats().mean()[0], 1e-12);
        assertEquals(merged.trainStats().mean()[0], accumulator.merged(2, 3).trainStats().mean()[0], 0,
                "merging again reads the same reports, unchanged");
    }

    private static ShardStats statsOf(String split, int label, int pixelValue) {
        byte[] pixels = new byte[4];
        Arrays.fill(pixels, (byte) pixelValue);
        return new ShardStats(3).add(split, label, 1, 2, 2, pixels);
    }

    private static void accumulate(ImageExample e, long[] sum, long[] sumSquares, long[] pixels) {
        for (byte b : e.pixels()) {
            int v = b & 0xff;
            sum[0] += v;
            sumSquares[0] += (long) v * v;
        }
        pixels[0] += e.pixels().length;
    }

    private static long total(long[] perClass) {
        return Arrays.stream(perClass).sum();
    }

    /** The first {@code n} images and labels of a real IDX pair, as gzipped IDX files. */
    private static void copyIdxHead(Path from, Path to, String prefix, int n) throws IOException {
        byte[] images = IdxShardTest.gunzip(from.resolve(prefix + "-images-idx3-ubyte.gz"));
        byte[] labels = IdxShardTest.gunzip(from.resolve(prefix + "-labels-idx1-ubyte.gz"));
        writeGz(to.resolve(prefix + "-images-idx3-ubyte.gz"), header(0x803, n, 28, 28), Arrays.copyOfRange(images, 16, 16 + n * 784));
        writeGz(to.resolve(prefix + "-labels-idx1-ubyte.gz"), header(0x801, n), Arrays.copyOfRange(labels, 8, 8 + n));
    }

    private static byte[] header(int magic, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        return bytes.toByteArray();
    }

    private static void writeGz(Path file, byte[] header, byte[] data) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(header);
            out.write(data);
        }
    }
}
