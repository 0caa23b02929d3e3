package lowbit.quant;

/**
 * Storage of one tensor (docs/methods.md, size accounting [design]): float32 bytes
 * versus the bytes actually stored. A quantized tensor stores ceil(n b / 8) bytes of packed codes, or,
 * where smaller, a 1-bit-per-weight bitmap plus ceil(nnz b / 8) bytes of packed nonzeros; plus 4 bytes
 * per scale and 4 per zero point.
 */
public record TensorSize(String name, long values, long floatBytes, long storedBytes, Encoding encoding) {

    public static final int SCALE_BYTES = 4;
    public static final int ZERO_POINT_BYTES = 4;

    public enum Encoding { FLOAT32, PACKED, BITMAP_AND_NONZEROS }

    /** A tensor kept at 32 bit (biases, BN parameters, the first or last layer if left in float). */
    public static TensorSize float32(String name, long values) {
        requireCount(values, "values");
        return new TensorSize(name, values, 4 * values, 4 * values, Encoding.FLOAT32);
    }

    public static TensorSize quantized(String name, long values, long nonzeros, int bits, int scales,
            boolean withZeroPoints) {
        BitWidth.require(bits);
        requireCount(values, "values");
        requireCount(scales, "scales");
        if (nonzeros < 0 || nonzeros > values) {
            throw new IllegalArgumentException("nonzeros must be in 0.." + values + ", got " + nonzeros);
        }
        long packed = bytesFor(values * bits);
        long sparse = bytesFor(values) + bytesFor(nonzeros * bits);
        long metadata = (long) scales * (SCALE_BYTES + (withZeroPoints ? ZERO_POINT_BYTES : 0));
        boolean useBitmap = sparse < packed;
        return new TensorSize(name, values, 4 * values, metadata + (useBitmap ? sparse : packed),
                useBitmap ? Encoding.BITMAP_AND_NONZEROS : Encoding.PACKED);
    }

    private static long bytesFor(long bitCount) {
        return (bitCount + 7) / 8;
    }

    private static void requireCount(long count, String what) {
        if (count < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + count);
        }
    }
}
