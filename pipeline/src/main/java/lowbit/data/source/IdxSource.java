package lowbit.data.source;

import lowbit.LowbitException;
import lowbit.data.Pixels;
import org.apache.hadoop.fs.FileStatus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * MNIST-style IDX: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz}.
 */
public final class IdxSource implements ImageSource<IdxSource.Unit> {
    /** Records {@code first .. first + count - 1} of one images/labels pair. */
    public record Unit(String images, String labels, String split, int first, int count, int height, int width)
            implements Serializable {
    }

    private final String input;
    private final List<String> configuredClasses;
    private final int recordsPerTask;

    public IdxSource(String input, List<String> configuredClasses, int recordsPerTask) {
        this.input = input;
        this.configuredClasses = configuredClasses;
        this.recordsPerTask = recordsPerTask;
    }

    @Override
    public SourcePlan<Unit> plan() {
        SourceFiles.requireExists(input, "IDX input folder");
        if (!SourceFiles.isDirectory(input)) {
            throw new LowbitException("IDX input must be the folder holding train-images-idx3-ubyte[.gz] and "
                    + "its companions: " + input);
        }
        List<Unit> units = new ArrayList<>();
        List<FileStatus> files = new ArrayList<>();
        int maxLabel = -1;
        for (String[] split : new String[][]{{"train", "train"}, {"t10k", "test"}}) {
            String images = find(split[0] + "-images-idx3-ubyte");
            String labels = find(split[0] + "-labels-idx1-ubyte");
            if (images == null && labels == null) {
                continue;
            }
            if (images == null || labels == null) {
                throw new LowbitException("in " + input + ": found " + (images == null ? labels : images)
                        + " but not its " + (images == null ? "images" : "labels") + " file");
            }
            IdxFile.Header imageHeader = IdxFile.validate(images, 3);
            IdxFile.Header labelHeader = IdxFile.validate(labels, 1);
            if (imageHeader.count() != labelHeader.count()) {
                throw new LowbitException(labels + " holds " + labelHeader.count() + " labels but " + images
                        + " holds " + imageHeader.count() + " images");
            }
            for (byte b : IdxFile.readData(labels, 1)) {
                maxLabel = Math.max(maxLabel, Byte.toUnsignedInt(b));
            }
            for (int first = 0; first < imageHeader.count(); first += recordsPerTask) {
                units.add(new Unit(images, labels, split[1], first, Math.min(recordsPerTask, imageHeader.count() - first),
                        imageHeader.dims()[1], imageHeader.dims()[2]));
            }
            files.add(SourceFiles.status(images));
            files.add(SourceFiles.status(labels));
        }
        if (units.isEmpty()) {
            throw new LowbitException("no IDX files (train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz]) in " + input);
        }
        List<String> classes = !configuredClasses.isEmpty() ? configuredClasses
                : IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
        return new SourcePlan<>(units, classes, SourceFiles.fingerprint(input, files));
    }

    private String find(String stem) {
        return SourceFiles.firstExisting(List.of(SourceFiles.child(input, stem + ".gz"), SourceFiles.child(input, stem)));
    }

    /** Streams one record at a time, so memory does not grow with the file. */
    @Override
    public Iterator<SourceRecord> read(Unit unit, List<String> classNames) {
        DataInputStream images = new DataInputStream(SourceFiles.open(unit.images()));
        DataInputStream labels = new DataInputStream(SourceFiles.open(unit.labels()));
        String name = new org.apache.hadoop.fs.Path(unit.images()).getName();
        int size = unit.height() * unit.width();
        try {
            IdxFile.readHeader(images, unit.images(), 3);
            IdxFile.readHeader(labels, unit.labels(), 1);
            images.skipNBytes((long) unit.first() * size);
            labels.skipNBytes(unit.first());
        } catch (IOException e) {
            throw new LowbitException(unit.images() + ": cannot read IDX header: " + e.getMessage(), e);
        }
        return new Iterator<>() {
            private int next = unit.first();

            @Override
            public boolean hasNext() {
                if (next < unit.first() + unit.count()) {
                    return true;
                }
                closeQuietly(images);
                closeQuietly(labels);
                return false;
            }

            @Override
            public SourceRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String id = name + ":" + next++;
                try {
                    byte[] pixels = new byte[size];
                    images.readFully(pixels);
                    int label = labels.readUnsignedByte();
                    if (label >= classNames.size()) {
                        return SourceRecord.damaged(id, unit.split(), "label " + label + " out of range 0.." + (classNames.size() - 1));
                    }
                    return SourceRecord.ofPixels(id, label, null, unit.split(), new Pixels(1, unit.height(), unit.width(), pixels));
                } catch (IOException e) {
                    throw new LowbitException(unit.images() + ": cannot read record " + id + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private static void closeQuietly(DataInputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only stream
        }
    }
}
