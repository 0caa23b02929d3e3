package lowbit.data.shard;

import lowbit.data.image.Pixels;
import lowbit.data.Schemas;
import lowbit.data.image.Preprocessor;
import lowbit.data.source.SourceRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Turns source records into rows of the image-record schema: preprocessing runs here, on the executor, and
 * a record that fails it is quarantined instead of failing the job. Every record, usable or not, is counted
 * into a {@link ShardStats} as it streams past, so the manifest needs no second pass.
 */
public final class RecordRows implements Serializable {
    public static final StructType SCHEMA = Schemas.spark(Schemas.IMAGE_RECORD);

    private final String dataset;
    private final List<String> classNames;
    private final Preprocessor preprocessor;
    private final SplitAssigner splits;

    public RecordRows(String dataset, List<String> classNames, Preprocessor preprocessor, SplitAssigner splits) {
        this.dataset = dataset;
        this.classNames = classNames;
        this.preprocessor = preprocessor;
        this.splits = splits;
    }

    /**
     * The usable records' rows; damaged ones go to {@code stats} only. {@code whenDone} receives the
     * statistics once the records are exhausted.
     */
    public Iterator<Row> convert(Iterator<SourceRecord> records, Consumer<ShardStats> whenDone) {
        ShardStats stats = new ShardStats(classNames.size());
        return new Iterator<>() {
            private Row next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && records.hasNext()) {
                    next = toRow(records.next(), stats);
                }
                if (next == null && !done) {
                    done = true;
                    whenDone.accept(stats);
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }

    /** The record's row, or null when it is damaged (then counted as quarantined). */
    Row toRow(SourceRecord record, ShardStats stats) {
        String split = splits.assign(record.id(), record.split());
        if (record.isDamaged()) {
            stats.addDamaged(record.id(), record.damage());
            return null;
        }
        Pixels pixels;
        try {
            pixels = record.pixels() != null ? preprocessor.apply(record.pixels()) : preprocessor.apply(record.image());
        } catch (RuntimeException e) {
            stats.addDamaged(record.id(), "cannot preprocess: " + e);
            return null;
        }
        stats.add(split, record.label(), pixels.channels(), pixels.height(), pixels.width(), pixels.data());
        CRC32C crc = new CRC32C();
        crc.update(pixels.data());
        return RowFactory.create(dataset, split, record.id(), record.label(), classNames.get(record.label()),
                record.coarseLabel(), pixels.height(), pixels.width(), pixels.channels(), pixels.data(), crc.getValue());
    }
}
