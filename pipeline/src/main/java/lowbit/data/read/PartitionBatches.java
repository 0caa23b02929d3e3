package lowbit.data.read;

import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;
import java.util.Random;

/**
 * Minibatches from the rows of one Spark partition of a sharded dataset (read with
 * {@code spark.read().parquet(dataset + "/data")}), shuffled per epoch and partition from the seed.
 */
public final class PartitionBatches {
    private PartitionBatches() {
    }

    public static Iterator<DataSet> of(Iterator<Row> rows, int numClasses, ReadOptions options, int epoch, int partition) {
        long seed = options.epochSeed(epoch, partition);
        Iterator<ImageExample> examples = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ImageExample next() {
                Row r = rows.next();
                ShardFiles.verify(r.getAs("id"), r.getAs("pixels"), r.<Long>getAs("crc32c"), "partition " + partition);
                return new ImageExample(r.getAs("id"), r.<Integer>getAs("label"), r.<Integer>getAs("channels"),
                        r.<Integer>getAs("height"), r.<Integer>getAs("width"), r.getAs("pixels"));
            }
        };
        BatchAssembler assembler = new BatchAssembler(numClasses, options.normalization(), options.augmentation());
        return new Batches(new ShuffleBuffer<>(examples, options.shuffleBuffer(), seed + 1), options.batchSize(),
                assembler, new Random(seed + 2));
    }
}
