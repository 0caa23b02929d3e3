package lowbit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Writes results so that readers see the old or the new version, never a partial one (local filesystem). */
public final class AtomicFiles {
    public interface Writer {
        void write(Path target) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Lets {@code writer} fill a temporary sibling of {@code target} (file or folder), then renames it into place. */
    public static void replace(Path target, Writer writer) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Path old = target.resolveSibling("." + target.getFileName() + ".old");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            delete(tmp);
            writer.write(tmp);
            if (Files.isDirectory(target)) {
                delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                delete(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
