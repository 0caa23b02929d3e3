package lowbit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The real datasets of ../shared/data (see its README), as the tests find them. */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("lowbit.shared.data");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "data");
        if (!Files.isDirectory(root)) {
            root = Path.of("..", "..", "shared", "data");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("real data not found at " + root.toAbsolutePath()
                    + "; set -Dlowbit.shared.data");
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /** An IDX folder holding only Fashion-MNIST's 10,000 test images (links to the t10k files): cheap to shard. */
    public static Path fashionMnistTestIdx(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(path("fashion-mnist"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("t10k-")).toList()) {
                Files.createSymbolicLink(dir.resolve(f.getFileName()), f);
            }
        }
        return dir;
    }
}
