package lowbit.robust;

import static lowbit.SeedMix.mix;

/**
 * One seed per example of a batch, from a base seed and the example's values: the same example gets the same
 * seed however a step's examples are split into minibatches and workers.
 */
public final class ExampleSeeds {
    private ExampleSeeds() {
    }

    /** @param values n examples, contiguous */
    public static long[] of(long seed, float[] values, int n) {
        if (n < 1 || values.length % n != 0) {
            throw new IllegalArgumentException(values.length + " values do not split into " + n + " examples");
        }
        int per = values.length / n;
        long[] seeds = new long[n];
        for (int e = 0; e < n; e++) {
            long h = mix(seed);
            for (int i = e * per; i < (e + 1) * per; i++) {
                h = mix(h ^ Float.floatToIntBits(values[i]));
            }
            seeds[e] = h;
        }
        return seeds;
    }

    /** A seed for one position in a run: base seed, epoch and step. */
    public static long of(long seed, int epoch, long step) {
        return mix(mix(mix(seed) ^ epoch) ^ step);
    }

}
