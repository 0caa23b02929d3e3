package lowbit.train;

import lowbit.LowbitException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state after an epoch plus the configuration it was trained with (minus the resume flag) and the
 * resolved worker count, written atomically with Java serialization (same lowbit version to resume).
 */
public record Checkpoint(String config, int workers, int globalBatch, TrainState state) implements Serializable {
    public static final String FILE = "checkpoint.bin";

    public void write(Path outputDir) {
        AtomicFiles.replace(outputDir.resolve(FILE), tmp -> {
            try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeObject(this);
            }
        });
    }

    public static Checkpoint read(Path outputDir) {
        Path file = outputDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new LowbitException("cannot resume: no checkpoint at " + file);
        }
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return (Checkpoint) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new LowbitException("cannot resume: unreadable checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
