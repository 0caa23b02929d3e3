package lowbit.data.shard;

import lowbit.data.Pixels;
import lowbit.data.Schemas;
import lowbit.data.image.Preprocessor;
import lowbit.data.source.SourceRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Turns source records into rows of the image-record schema plus a {@code damage} column: preprocessing
 * runs here, on the executor, and a record that fails it becomes a damaged row instead of failing the job.
 */
public final class RecordRows implements Serializable {
    public static final String DAMAGE = "damage";
    public static final StructType SCHEMA = Schemas.spark(Schemas.IMAGE_RECORD).add(DAMAGE, DataTypes.StringType, true);
    private static final byte[] NO_PIXELS = new byte[0];

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

    public Iterator<Row> convert(Iterator<SourceRecord> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                return toRow(records.next());
            }
        };
    }

    Row toRow(SourceRecord record) {
        String split = splits.assign(record.id(), record.split());
        if (record.isDamaged()) {
            return damaged(record.id(), split, record.damage());
        }
        Pixels pixels;
        try {
            pixels = record.pixels() != null ? preprocessor.apply(record.pixels()) : preprocessor.apply(record.image());
        } catch (RuntimeException e) {
            return damaged(record.id(), split, "cannot preprocess: " + e);
        }
        CRC32C crc = new CRC32C();
        crc.update(pixels.data());
        return RowFactory.create(dataset, split, record.id(), record.label(), classNames.get(record.label()),
                record.coarseLabel(), pixels.height(), pixels.width(), pixels.channels(), pixels.data(),
                crc.getValue(), null);
    }

    private Row damaged(String id, String split, String reason) {
        return RowFactory.create(dataset, split, id, -1, "", null, 0, 0, 0, NO_PIXELS, 0L, reason);
    }
}
