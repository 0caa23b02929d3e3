package lowbit.engine;

import static lowbit.SeedMix.mix;

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
}
