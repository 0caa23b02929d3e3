package lowbit.data.shard;

import lowbit.config.ConfigError;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Seeded deterministic train/val/test assignment from a hash of the record id: the same id, seed and
 * fractions always give the same split, whatever the order or partitioning of the records. In folds mode
 * every record goes to one of k cross-validation folds {@code fold-0 .. fold-(k-1)} instead.
 */
public final class SplitAssigner implements Serializable {
    public static final String FOLD_PREFIX = "fold-";
    public static final String VAL = "val";
    private static final List<String> MODES = List.of("auto", "hash", "folds");
    private final boolean useSourceSplits;
    private final int folds;
    private final double train;
    private final double val;
    private final double valFromTrain;
    private final long seed;

    /** @param folds cross-validation folds in folds mode (at least 2); ignored otherwise */
    public SplitAssigner(String mode, double train, double val, double test, double valFromTrain, int folds, long seed) {
        if (!MODES.contains(mode)) {
            throw new ConfigError("config key 'lowbit.shard.split.mode' must be one of " + MODES + ", not '" + mode + "'");
        }
        if (mode.equals("folds") && folds < 2) {
            throw new ConfigError("config key 'lowbit.shard.split.folds' must be at least 2 in folds mode, not " + folds);
        }
        for (double f : new double[]{train, val, test, valFromTrain}) {
            if (f < 0 || f > 1) {
                throw new ConfigError("split fractions (lowbit.shard.split.*) must lie in [0, 1]: train=" + train
                        + " val=" + val + " test=" + test + " val-from-train=" + valFromTrain);
            }
        }
        if (Math.abs(train + val + test - 1.0) > 1e-9) {
            throw new ConfigError("split fractions lowbit.shard.split.train + val + test must sum to 1, not "
                    + (train + val + test));
        }
        this.useSourceSplits = mode.equals("auto");
        this.folds = mode.equals("folds") ? folds : 0;
        this.train = train;
        this.val = val;
        this.valFromTrain = valFromTrain;
        this.seed = seed;
    }

    public String assign(String id, String sourceSplit) {
        double u = uniform(id, seed);
        if (folds > 0) {
            return FOLD_PREFIX + (int) (u * folds);
        }
        if (useSourceSplits && sourceSplit != null) {
            return sourceSplit.equals("train") && u < valFromTrain ? VAL : sourceSplit;
        }
        if (u < train) {
            return "train";
        }
        return u < train + val ? VAL : "test";
    }

    /** A uniform number in [0, 1) from FNV-1a over the id's UTF-8 bytes, finished by SplitMix64 with the seed. */
    static double uniform(String id, long seed) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        long z = h + seed * 0x9e3779b97f4a7c15L + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
