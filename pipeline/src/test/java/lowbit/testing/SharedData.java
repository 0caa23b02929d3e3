package lowbit.testing;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
