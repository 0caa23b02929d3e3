package lowbit.data.source;

import lowbit.LowbitException;
import lowbit.data.image.Pixels;
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

    private static final int MAX_GZIP_UNITS = 4;
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
            // the images' length is checked by the task that reads to their end (a second full gunzip here
            // would cost as much as the reading)
            IdxFile.Header imageHeader = IdxFile.header(images, 3);
            IdxFile.Header labelHeader = IdxFile.validate(labels, 1);
            if (imageHeader.count() != labelHeader.count()) {
                throw new LowbitException(labels + " holds " + labelHeader.count() + " labels but " + images
                        + " holds " + imageHeader.count() + " images");
            }
            for (byte b : IdxFile.readData(labels, 1)) {
                maxLabel = Math.max(maxLabel, Byte.toUnsignedInt(b));
            }
            int perUnit = recordsPerUnit(images, imageHeader.count());
            for (int first = 0; first < imageHeader.count(); first += perUnit) {
                units.add(new Unit(images, labels, split[1], first, Math.min(perUnit, imageHeader.count() - first),
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

    /**
     * A gzip stream cannot seek: each unit inflates everything before its records, so a compressed file gets
     * at most {@value #MAX_GZIP_UNITS} units (the skipping then costs at most 1.5 reads of the file).
     */
    private int recordsPerUnit(String images, int count) {
        return images.endsWith(".gz") ? Math.max(recordsPerTask, (count + MAX_GZIP_UNITS - 1) / MAX_GZIP_UNITS) : recordsPerTask;
    }

    private String find(String stem) {
        return SourceFiles.firstExisting(List.of(SourceFiles.child(input, stem + ".gz"), SourceFiles.child(input, stem)));
    }

    /** Streams one record at a time, so memory does not grow with the file. */
    @Override
    public Iterator<SourceRecord> read(Unit unit, List<String> classNames) {
        DataInputStream images = new DataInputStream(SourceFiles.open(unit.images()));
        DataInputStream labels = new DataInputStream(new java.io.BufferedInputStream(SourceFiles.open(unit.labels())));
        String name = new org.apache.hadoop.fs.Path(unit.images()).getName();
        int size = unit.height() * unit.width();
        int total;
        try {
            total = IdxFile.readHeader(images, unit.images(), 3).count();
            IdxFile.readHeader(labels, unit.labels(), 1);
            images.skipNBytes((long) unit.first() * size);
            labels.skipNBytes(unit.first());
        } catch (IOException e) {
            throw new LowbitException(unit.images() + ": cannot read IDX header: " + e.getMessage(), e);
        }
        return new Iterator<>() {
            private int next = unit.first();
            private boolean closed;

            @Override
            public boolean hasNext() {
                if (next < unit.first() + unit.count()) {
                    return true;
                }
                if (!closed) {
                    closed = true;
                    checkNothingFollows(unit, total, images);
                    closeQuietly(images);
                    closeQuietly(labels);
                }
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
                } catch (java.io.EOFException e) {
                    IdxFile.validate(unit.images(), 3); // names the file's true length
                    IdxFile.validate(unit.labels(), 1);
                    throw new LowbitException(unit.images() + ": ended early at record " + id, e);
                } catch (IOException e) {
                    throw new LowbitException(unit.images() + ": cannot read record " + id + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** The unit holding a file's last records checks that no data follows them. */
    private static void checkNothingFollows(Unit unit, int total, DataInputStream images) {
        try {
            if (unit.first() + unit.count() == total && images.read() != -1) {
                IdxFile.validate(unit.images(), 3);
                throw new LowbitException(unit.images() + ": data follows the last record the header counts");
            }
        } catch (IOException e) {
            throw new LowbitException(unit.images() + ": cannot read past its last record: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(DataInputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only stream
        }
    }
}
