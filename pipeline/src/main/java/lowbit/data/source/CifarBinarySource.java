package lowbit.data.source;

import lowbit.LowbitException;
import lowbit.data.image.Pixels;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * CIFAR-10 / CIFAR-100 binary version: records of label byte(s) + 1024 R + 1024 G + 1024 B. CIFAR-10
 * files are {@code data_batch_*.bin} / {@code test_batch.bin} with {@code batches.meta.txt}; CIFAR-100
 * files are {@code train.bin} / {@code test.bin} with a coarse and a fine label byte and
 * {@code fine_label_names.txt}. A file whose name starts with "test" is the test split.
 */
public final class CifarBinarySource implements ImageSource<CifarBinarySource.Unit> {
    private static final int PIXELS = 3 * 32 * 32;

    public record Unit(String file, long first, int count, String split) implements Serializable {
    }

    private final String input;
    private final boolean hundred;
    private final List<String> configuredClasses;
    private final int recordsPerTask;

    public CifarBinarySource(String input, boolean hundred, List<String> configuredClasses, int recordsPerTask) {
        this.input = input;
        this.hundred = hundred;
        this.configuredClasses = configuredClasses;
        this.recordsPerTask = recordsPerTask;
    }

    private int recordSize() {
        return PIXELS + (hundred ? 2 : 1);
    }

    private String formatName() {
        return hundred ? "CIFAR-100" : "CIFAR-10";
    }

    @Override
    public SourcePlan<Unit> plan() {
        SourceFiles.requireExists(input, formatName() + " input");
        String dir = SourceFiles.isDirectory(input) ? batchesDir(input) : new Path(input).getParent().toString();
        List<FileStatus> files = SourceFiles.isDirectory(input)
                ? SourceFiles.list(dir, s -> s.isFile() && s.getPath().getName().endsWith(".bin"))
                : List.of(SourceFiles.status(input));
        if (files.isEmpty()) {
            throw new LowbitException("no " + formatName() + " binary files (*.bin) in " + dir);
        }
        List<Unit> units = new ArrayList<>();
        for (FileStatus file : files) {
            long length = file.getLen();
            if (length == 0 || length % recordSize() != 0) {
                throw new LowbitException(file.getPath() + ": " + length + " bytes is not a whole number of "
                        + recordSize() + "-byte " + formatName() + " records (truncated, or not a "
                        + formatName() + " binary file)");
            }
            long records = length / recordSize();
            String split = file.getPath().getName().startsWith("test") ? "test" : "train";
            for (long first = 0; first < records; first += recordsPerTask) {
                units.add(new Unit(file.getPath().toString(), first, (int) Math.min(recordsPerTask, records - first), split));
            }
        }
        return new SourcePlan<>(units, classNames(dir), SourceFiles.fingerprint(dir, files));
    }

    /** The published tarballs unpack into cifar-10-batches-bin/ or cifar-100-binary/. */
    private String batchesDir(String root) {
        for (String nested : List.of("cifar-10-batches-bin", "cifar-100-binary")) {
            String candidate = SourceFiles.child(root, nested);
            if (SourceFiles.isDirectory(candidate)) {
                return candidate;
            }
        }
        return root;
    }

    private List<String> classNames(String dir) {
        if (!configuredClasses.isEmpty()) {
            return configuredClasses;
        }
        String meta = SourceFiles.child(dir, hundred ? "fine_label_names.txt" : "batches.meta.txt");
        if (!SourceFiles.exists(meta)) {
            throw new LowbitException("class names not found: " + meta + " (or set the key lowbit.shard.classes)");
        }
        return SourceFiles.readLines(meta).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public Iterator<SourceRecord> read(Unit unit, List<String> classNames) {
        byte[] block = new byte[unit.count() * recordSize()];
        try (FSDataInputStream in = SourceFiles.fs(unit.file()).open(new Path(unit.file()))) {
            in.readFully(unit.first() * recordSize(), block);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + unit.file(), e);
        }
        String name = new Path(unit.file()).getName();
        List<SourceRecord> records = new ArrayList<>(unit.count());
        for (int i = 0; i < unit.count(); i++) {
            int offset = i * recordSize();
            String id = name + ":" + (unit.first() + i);
            Integer coarse = hundred ? Byte.toUnsignedInt(block[offset]) : null;
            int label = Byte.toUnsignedInt(block[offset + (hundred ? 1 : 0)]);
            if (label >= classNames.size()) {
                records.add(SourceRecord.damaged(id, unit.split(), "label " + label + " out of range 0.."
                        + (classNames.size() - 1)));
                continue;
            }
            byte[] chw = new byte[PIXELS];
            System.arraycopy(block, offset + recordSize() - PIXELS, chw, 0, PIXELS);
            records.add(SourceRecord.ofPixels(id, label, coarse, unit.split(), new Pixels(3, 32, 32, chw)));
        }
        return records.iterator();
    }
}
