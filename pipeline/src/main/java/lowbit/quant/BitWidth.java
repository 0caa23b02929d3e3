package lowbit.quant;

/** Validation of the bit widths the project supports (1..8). */
public final class BitWidth {
    public static final int MIN = 1;
    public static final int MAX = 8;

    private BitWidth() {
    }

    public static int require(int bits) {
        if (bits < MIN || bits > MAX) {
            throw new IllegalArgumentException("bits must be in " + MIN + ".." + MAX + ", got " + bits);
        }
        return bits;
    }
}
