package lowbit.engine;

/**
 * Seeds of noise-injection layers per training pass. A model cached per executor thread would otherwise continue
 * its draws from whatever passes that thread ran before, which depends on Spark's scheduling.
 */
public final class NoiseStreams {
    private NoiseStreams() {
    }

    /** The stream of one worker's pass at one step of one epoch. */
    public static long of(int epoch, long step, int worker) {
        return mix(mix(mix(0x6C62L + epoch) + step) + worker);
    }

    /** A layer's seed for a stream: differs per layer seed and per stream. */
    public static long seed(long layerSeed, long stream) {
        return mix(layerSeed ^ mix(stream));
    }

    /** SplitMix64's finalizer: a bijection that spreads nearby inputs over all 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
