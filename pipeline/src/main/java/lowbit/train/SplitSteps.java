package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.data.read.BatchAssembler;
import lowbit.data.read.EpochBatches;
import lowbit.data.read.ReadOptions;
import lowbit.data.read.ShardFiles;

import java.util.Iterator;
import java.util.List;

/**
 * Single-JVM steps: one global batch per step from a split's shards, in a file order and shuffle-buffer
 * order drawn per epoch from the seed (as {@link EpochBatches}); a smaller last
 * batch is dropped. Steps are read in order; asking for another position re-reads the epoch up to it.
 */
public final class SplitSteps implements StepBatches {
    private final List<String> files;
    private final int classes;
    private final ReadOptions options;
    private final int stepsPerEpoch;
    private Iterator<Batch> current;
    private int epoch = -1;
    private int next;

    /** @param maxSteps at most this many steps per epoch; 0 for all full batches */
    public SplitSteps(String dataset, String split, long records, int classes, ReadOptions options, int maxSteps) {
        this.files = ShardFiles.of(dataset, split);
        this.classes = classes;
        this.options = options;
        int full = (int) (records / options.batchSize());
        this.stepsPerEpoch = maxSteps > 0 ? Math.min(maxSteps, full) : full;
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException(split + " has " + records + " records, fewer than one batch of " + options.batchSize());
        }
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public List<List<Batch>> step(int epoch, int step) {
        if (epoch != this.epoch || step < next) {
            BatchAssembler assembler = new BatchAssembler(classes, options.normalization(), options.augmentation());
            current = EpochBatches.of(files, options, epoch, assembler::toBatch);
            this.epoch = epoch;
            next = 0;
        }
        for (; next < step; next++) {
            current.next();
        }
        next++;
        return List.of(List.of(current.next()));
    }
}
