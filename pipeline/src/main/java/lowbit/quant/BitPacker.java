package lowbit.quant;

/** Packs unsigned b-bit values (b = 1..8) into bytes, least significant bit first, and back. */
public final class BitPacker {
    private BitPacker() {
    }

    public static int packedLength(int count, int bits) {
        BitWidth.require(bits);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return (int) (((long) count * bits + 7) / 8);
    }

    public static byte[] pack(int[] values, int bits) {
        byte[] out = new byte[packedLength(values.length, bits)];
        int limit = 1 << bits;
        long bitPos = 0;
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v < 0 || v >= limit) {
                throw new IllegalArgumentException(
                        "value " + v + " at index " + i + " does not fit in " + bits + " unsigned bits");
            }
            for (int j = 0; j < bits; j++, bitPos++) {
                if (((v >> j) & 1) != 0) {
                    out[(int) (bitPos >>> 3)] |= (byte) (1 << (bitPos & 7));
                }
            }
        }
        return out;
    }

    public static int[] unpack(byte[] packed, int count, int bits) {
        int needed = packedLength(count, bits);
        if (packed.length < needed) {
            throw new IllegalArgumentException(
                    count + " values at " + bits + " bits need " + needed + " bytes, got " + packed.length);
        }
        int[] values = new int[count];
        long bitPos = 0;
        for (int i = 0; i < count; i++) {
            int v = 0;
            for (int j = 0; j < bits; j++, bitPos++) {
                v |= ((packed[(int) (bitPos >>> 3)] >> (bitPos & 7)) & 1) << j;
            }
            values[i] = v;
        }
        return values;
    }
}
