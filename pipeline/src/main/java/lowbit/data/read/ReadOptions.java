package lowbit.data.read;

import java.io.Serializable;

/**
 * How training reads a split: minibatch size, shuffle-buffer capacity (0: file order), the seed of every
 * per-epoch random choice, input normalization and augmentation.
 */
public record ReadOptions(int batchSize, int shuffleBuffer, long seed, Normalization normalization,
                          Augmentation augmentation) implements Serializable {
    public ReadOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        if (shuffleBuffer < 0) {
            throw new IllegalArgumentException("shuffle buffer must be >= 0, not " + shuffleBuffer);
        }
    }

    /** Evaluation: file order, no augmentation. */
    public static ReadOptions evaluation(int batchSize, Normalization normalization) {
        return new ReadOptions(batchSize, 0, 0, normalization, Augmentation.NONE);
    }

    /** A seed for one epoch (and one partition), so that epochs differ and runs repeat. */
    public long epochSeed(int epoch, int partition) {
        long z = seed * 0x9e3779b97f4a7c15L + epoch * 0xbf58476d1ce4e5b9L + partition * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
