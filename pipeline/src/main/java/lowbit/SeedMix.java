package lowbit;

/** SplitMix64's finalizer: a bijection on longs that spreads nearby inputs over all 64 bits, for deriving seeds. */
public final class SeedMix {
    private SeedMix() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
