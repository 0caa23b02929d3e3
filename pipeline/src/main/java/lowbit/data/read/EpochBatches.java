package lowbit.data.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import lowbit.data.shard.Manifest;

/**
 * One epoch's minibatches of a split's shard files in a single JVM: streams the Parquet shards with bounded memory, in
 * a file order and shuffle-buffer order drawn from the epoch's seed.
 */
public final class EpochBatches {
    private EpochBatches() {
    }

    /** The minibatches of {@code files} in epoch {@code epoch} (0-based), each built by {@code assemble}. */
    public static <T> Batches<T> of(List<String> files, ReadOptions options, int epoch,
                                    BiFunction<List<ImageExample>, Random, T> assemble) {
        long seed = options.epochSeed(epoch, 0);
        List<String> order = new ArrayList<>(files);
        if (options.shuffleBuffer() > 0) {
            Collections.shuffle(order, new Random(seed));
        }
        return Batches.shuffled(ShardFiles.read(order), options, seed, assemble);
    }

    /** The engine-neutral minibatches of one split of a sharded dataset in epoch {@code epoch}. */
    public static Batches<Batch> ofSplit(String datasetDir, String split, ReadOptions options, int epoch) {
        BatchAssembler assembler = new BatchAssembler(Manifest.read(datasetDir).classes().size(),
                options.normalization(), options.augmentation());
        return of(ShardFiles.of(datasetDir, split), options, epoch, assembler::toBatch);
    }
}
