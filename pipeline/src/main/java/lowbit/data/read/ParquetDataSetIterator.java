package lowbit.data.read;

import lowbit.data.shard.Manifest;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A DL4J iterator over one split of a sharded dataset, in a single JVM: streams the Parquet shards with
 * bounded memory, in a file order and shuffle-buffer order drawn per epoch from the seed. Each
 * {@link #reset()} starts the next epoch.
 */
public final class ParquetDataSetIterator implements DataSetIterator {
    private final List<String> files;
    private final List<String> classes;
    private final ReadOptions options;
    private final BatchAssembler assembler;
    private final int inputColumns;
    private DataSetPreProcessor preProcessor;
    private int epoch;
    private Batches<DataSet> batches;

    public ParquetDataSetIterator(String datasetDir, String split, ReadOptions options) {
        Manifest manifest = Manifest.read(datasetDir);
        this.files = ShardFiles.of(datasetDir, split);
        this.classes = manifest.classes();
        this.options = options;
        this.assembler = new BatchAssembler(classes.size(), options.normalization(), options.augmentation());
        this.inputColumns = manifest.shape() == null ? -1
                : manifest.shape().channels() * manifest.shape().height() * manifest.shape().width();
        start();
    }

    /** Positions the iterator at the start of the given epoch (0-based). */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        start();
    }

    public int epoch() {
        return epoch;
    }

    private void start() {
        batches = epochBatches(files, options, epoch, assembler::assemble);
    }

    /** One epoch's minibatches of the files: file order and shuffle-buffer order drawn from the epoch's seed. */
    public static <T> Batches<T> epochBatches(List<String> files, ReadOptions options, int epoch,
                                              BiFunction<List<ImageExample>, Random, T> assemble) {
        long seed = options.epochSeed(epoch, 0);
        List<String> order = new ArrayList<>(files);
        if (options.shuffleBuffer() > 0) {
            Collections.shuffle(order, new Random(seed));
        }
        return new Batches<>(new ShuffleBuffer<>(ShardFiles.read(order), options.shuffleBuffer(), seed + 1),
                options.batchSize(), assemble, new Random(seed + 2));
    }

    @Override
    public boolean hasNext() {
        return batches.hasNext();
    }

    @Override
    public DataSet next() {
        DataSet ds = batches.next();
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is fixed by ReadOptions");
    }

    @Override
    public int inputColumns() {
        return inputColumns;
    }

    @Override
    public int totalOutcomes() {
        return classes.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        epoch++;
        start();
    }

    @Override
    public int batch() {
        return options.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return classes;
    }
}
