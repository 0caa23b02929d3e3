package lowbit.export.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import lowbit.quant.BitPacker;
import lowbit.quant.BitWidth;

/**
 * ONNX tensor element types (onnx.proto, {@code TensorProto.DataType}) that the export uses, and the packing of
 * sub-byte integers. The generated classes come from ONNX 1.17's onnx-ml.proto, whose enum stops at INT4; the data
 * type field is a plain int32, so INT2 (ONNX 1.20, IR version 13) is written by its number.
 */
public final class OnnxTypes {
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;
    public static final int INT64 = 7;
    public static final int BOOL = 9;
    /** Signed 4-bit, two's complement, two values per byte, the first in the low nibble (opset 21, IR version 10). */
    public static final int INT4 = 22;
    /** Signed 2-bit, two's complement in [-2, 1], four values per byte, the first in the lowest two bits (opset 25, IR version 13). */
    public static final int INT2 = 26;

    private OnnxTypes() {
    }

    /** The smallest ONNX signed integer type holding the symmetric b-bit grid's codes: INT2 for 1-2 bits, INT4 for 3-4, INT8 for 5-8. */
    public static int forWeightBits(int bits) {
        BitWidth.require(bits);
        return bits <= 2 ? INT2 : bits <= 4 ? INT4 : INT8;
    }

    /** Bits per element of an integer type of {@link #forWeightBits}. */
    public static int bitsOf(int type) {
        return switch (type) {
            case INT2 -> 2;
            case INT4 -> 4;
            case INT8, UINT8 -> 8;
            default -> throw new IllegalArgumentException("not a packed integer type: " + type);
        };
    }

    public static String name(int type) {
        return switch (type) {
            case FLOAT -> "FLOAT";
            case UINT8 -> "UINT8";
            case INT8 -> "INT8";
            case INT64 -> "INT64";
            case BOOL -> "BOOL";
            case INT4 -> "INT4";
            case INT2 -> "INT2";
            default -> "type " + type;
        };
    }

    /**
     * Signed integers as the raw data of a tensor of {@code type}: two's complement, packed least significant bits
     * first with no padding between values (the ONNX layout of INT4 and INT2), one byte each for INT8.
     */
    public static byte[] packSigned(int[] values, int type) {
        int bits = bitsOf(type);
        int min = -(1 << (bits - 1));
        int max = (1 << (bits - 1)) - 1;
        int mask = (1 << bits) - 1;
        int[] unsigned = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < min || values[i] > max) {
                throw new IllegalArgumentException("value " + values[i] + " at index " + i + " does not fit " + name(type));
            }
            unsigned[i] = values[i] & mask;
        }
        return BitPacker.pack(unsigned, bits);
    }

    /** The inverse of {@link #packSigned}. */
    public static int[] unpackSigned(byte[] raw, int count, int type) {
        int bits = bitsOf(type);
        int[] v = BitPacker.unpack(raw, count, bits);
        for (int i = 0; i < v.length; i++) {
            v[i] = (v[i] << (32 - bits)) >> (32 - bits);
        }
        return v;
    }

    /** float32 values little-endian, as ONNX raw data. */
    public static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    /** int64 values little-endian, as ONNX raw data. */
    public static byte[] littleEndian(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return b.array();
    }
}
