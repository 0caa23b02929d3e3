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

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
