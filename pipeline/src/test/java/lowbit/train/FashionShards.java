package lowbit.train;

import lowbit.testing.Shard;
import lowbit.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Real Fashion-MNIST sharded once per test JVM (8 files per split), removed when the JVM exits. */
public final class FashionShards {
    private static Path dataset;
    private static Path small;
    private static Path testImages;

    private FashionShards() {
    }

    public static synchronized String path() {
        if (dataset == null) {
            try {
                Path dir = Files.createTempDirectory("lowbit-fashion-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                Shard.run("idx", SharedData.path("fashion-mnist"), dir.resolve("fashion-mnist"), "shards=8");
                dataset = dir.resolve("fashion-mnist");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataset.toString();
    }

    /**
     * The 10,000 test images alone, sharded from the t10k IDX files only (five times cheaper to make than
     * {@link #path()}) and hash-split into train / val / test (8,000 / 1,000 / 1,000; 8 files each).
     */
    public static synchronized String testImages() {
        if (testImages == null) {
            try {
                Path dir = Files.createTempDirectory("lowbit-fashion-test-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                Shard.run("idx", SharedData.fashionMnistTestIdx(dir.resolve("idx")), dir.resolve("fashion-mnist-test"), "shards=8",
                        "split.mode=hash");
                testImages = dir.resolve("fashion-mnist-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return testImages.toString();
    }

    /**
     * A small copy of {@link #path()} for fast tests: the manifest (whose counts then overstate the data) and
     * the first Parquet file of the train and test splits (about 7,500 and 1,250 images).
     */
    public static synchronized String small() {
        if (small == null) {
            try {
                Path full = Path.of(path());
                Path dir = full.resolveSibling("fashion-mnist-small");
                Files.copy(full.resolve("_manifest.json"), Files.createDirectories(dir).resolve("_manifest.json"));
                for (String split : new String[] {"train", "test"}) {
                    Path from = full.resolve("data/split=" + split);
                    Path to = Files.createDirectories(dir.resolve("data/split=" + split));
                    try (Stream<Path> files = Files.list(from)) {
                        Path first = files.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
                        Files.copy(first, to.resolve(first.getFileName()));
                    }
                }
                small = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return small.toString();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
