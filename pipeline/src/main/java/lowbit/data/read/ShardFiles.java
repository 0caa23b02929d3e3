package lowbit.data.read;

import lowbit.LowbitException;
import lowbit.data.shard.Manifest;
import lowbit.data.source.SourceFiles;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/** Streams the records of one split's Parquet shards, one file open at a time, verifying checksums. */
public final class ShardFiles {
    private ShardFiles() {
    }

    /** The Parquet files of a split, or of each part of a {@link SplitUnion} in order. */
    public static List<String> of(String datasetDir, String split) {
        List<String> files = new ArrayList<>();
        for (String part : SplitUnion.parts(split)) {
            String dir = datasetDir + "/" + Manifest.DATA_DIR + "/split=" + part;
            if (!SourceFiles.exists(dir)) {
                throw new LowbitException("dataset " + datasetDir + " has no split '" + part + "'");
            }
            SourceFiles.list(dir, s -> s.isFile() && s.getPath().getName().endsWith(".parquet")).stream()
                    .map(s -> s.getPath().toString()).forEach(files::add);
        }
        return files;
    }

    /** Examples of the files in the given order. */
    public static Iterator<ImageExample> read(List<String> files) {
        return new Iterator<>() {
            private int next;
            private ParquetReader<Group> reader;
            private String current;
            private Group pending;

            @Override
            public boolean hasNext() {
                try {
                    while (pending == null) {
                        if (reader != null) {
                            pending = reader.read();
                            if (pending != null) {
                                break;
                            }
                            reader.close();
                            reader = null;
                        }
                        if (next == files.size()) {
                            return false;
                        }
                        current = files.get(next++);
                        reader = ParquetReader.builder(new GroupReadSupport(), new Path(current))
                                .withConf(SourceFiles.hadoopConf()).build();
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read shard " + current, e);
                }
            }

            @Override
            public ImageExample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Group g = pending;
                pending = null;
                return toExample(g, current);
            }
        };
    }

    static ImageExample toExample(Group g, String file) {
        String id = g.getString("id", 0);
        byte[] pixels = g.getBinary("pixels", 0).getBytes();
        verify(id, pixels, g.getLong("crc32c", 0), file);
        return new ImageExample(id, g.getInteger("label", 0), g.getInteger("channels", 0),
                g.getInteger("height", 0), g.getInteger("width", 0), pixels);
    }

    /** @throws LowbitException naming the shard and record when the pixels do not match their checksum */
    public static void verify(String id, byte[] pixels, long crc32c, String where) {
        CRC32C crc = new CRC32C();
        crc.update(pixels);
        if (crc.getValue() != crc32c) {
            throw new LowbitException(where + ": record " + id + " fails its CRC-32C check (corrupted shard)");
        }
    }
}
