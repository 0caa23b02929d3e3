package lowbit.train.dl4j;

import lowbit.data.read.BatchAssembler;
import lowbit.data.read.Batches;
import lowbit.data.read.EpochBatches;
import lowbit.data.read.ReadOptions;
import lowbit.data.read.ShardFiles;
import lowbit.data.shard.Manifest;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;

/**
 * A DL4J iterator over one split of a sharded dataset, in a single JVM: the minibatches of {@link EpochBatches} as
 * DL4J DataSets with one-hot labels. Each {@link #reset()} starts the next epoch.
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
        int numClasses = classes.size();
        batches = EpochBatches.of(files, options, epoch, (examples, random) ->
                Dl4jDataSets.of(assembler.toBatch(examples, random), numClasses));
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
