package lowbit.export.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ONNX packing of sub-byte integers: two's complement, the first value in the lowest bits. */
@Tag("unit")
class OnnxTypesTest {

    @Test
    void int2PacksFourValuesPerByteLowBitsFirst() {
        // -2 = 0b10, -1 = 0b11, 0 = 0b00, 1 = 0b01 -> 0b01_00_11_10
        assertArrayEquals(new byte[] {0x4e, 0x01}, OnnxTypes.packSigned(new int[] {-2, -1, 0, 1, 1}, OnnxTypes.INT2));
        assertArrayEquals(new int[] {-2, -1, 0, 1, 1}, OnnxTypes.unpackSigned(new byte[] {0x4e, 0x01}, 5, OnnxTypes.INT2));
    }

    @Test
    void int4PacksTwoValuesPerByteLowNibbleFirstAndInt8OneByteEach() {
        assertArrayEquals(new byte[] {(byte) 0x78, 0x0f}, OnnxTypes.packSigned(new int[] {-8, 7, -1}, OnnxTypes.INT4));
        assertArrayEquals(new byte[] {(byte) 0x81, 0x7f}, OnnxTypes.packSigned(new int[] {-127, 127}, OnnxTypes.INT8));
    }

    @Test
    void gridBitsMapToTheSmallestType() {
        assertEquals(OnnxTypes.INT2, OnnxTypes.forWeightBits(1));
        assertEquals(OnnxTypes.INT2, OnnxTypes.forWeightBits(2));
        assertEquals(OnnxTypes.INT4, OnnxTypes.forWeightBits(3));
        assertEquals(OnnxTypes.INT4, OnnxTypes.forWeightBits(4));
        assertEquals(OnnxTypes.INT8, OnnxTypes.forWeightBits(5));
        assertEquals(OnnxTypes.INT8, OnnxTypes.forWeightBits(8));
        assertThrows(IllegalArgumentException.class, () -> OnnxTypes.packSigned(new int[] {2}, OnnxTypes.INT2));
    }
}
