package lowbit.data.read;

import org.apache.spark.sql.Row;

import java.util.Iterator;

/**
 * Minibatches from the rows of one Spark partition of a sharded dataset (read with
 * {@code spark.read().parquet(dataset + "/data")}), shuffled per epoch and partition from the seed.
 */
public final class PartitionBatches {
    private PartitionBatches() {
    }

    /** The minibatches of a partition's rows in epoch {@code epoch}, shuffled per epoch and partition from the seed. */
    public static Iterator<Batch> batches(Iterator<Row> rows, int numClasses, ReadOptions options, int epoch, int partition) {
        BatchAssembler assembler = new BatchAssembler(numClasses, options.normalization(), options.augmentation());
        Iterator<ImageExample> examples = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ImageExample next() {
                return example(rows.next(), "partition " + partition);
            }
        };
        return Batches.shuffled(examples, options, options.epochSeed(epoch, partition), assembler::toBatch);
    }

    /** The example a row of the image-record schema holds, after checking its checksum. */
    public static ImageExample example(Row r, String where) {
        ShardFiles.verify(r.getAs("id"), r.getAs("pixels"), r.<Long>getAs("crc32c"), where);
        return new ImageExample(r.getAs("id"), r.<Integer>getAs("label"), r.<Integer>getAs("channels"),
                r.<Integer>getAs("height"), r.<Integer>getAs("width"), r.getAs("pixels"));
    }
}
