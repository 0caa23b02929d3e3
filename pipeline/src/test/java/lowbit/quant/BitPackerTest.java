package lowbit.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class BitPackerTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void roundTripsEveryBitWidthAndOddLengths(int bits) {
        Random rnd = new Random(bits);
        for (int n : new int[] {0, 1, 3, 7, 9, 13, 17, 101}) {
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = rnd.nextInt(1 << bits);
            }
            if (n > 0) {
                values[0] = (1 << bits) - 1;
            }
            byte[] packed = BitPacker.pack(values, bits);
            assertEquals((n * bits + 7) / 8, packed.length);
            assertArrayEquals(values, BitPacker.unpack(packed, n, bits), "bits " + bits + ", n " + n);
        }
    }

    @Test
    void packsLeastSignificantBitFirst() {
        assertArrayEquals(new byte[] {0x39}, BitPacker.pack(new int[] {1, 2, 3}, 2));
        assertArrayEquals(new byte[] {(byte) 0xBD, 0x01}, BitPacker.pack(new int[] {5, 7, 6}, 3));
    }

    @Test
    void rejectsValuesThatDoNotFitAndShortBuffers() {
        assertThrows(IllegalArgumentException.class, () -> BitPacker.pack(new int[] {4}, 2));
        assertThrows(IllegalArgumentException.class, () -> BitPacker.pack(new int[] {-1}, 8));
        assertThrows(IllegalArgumentException.class, () -> BitPacker.pack(new int[] {1}, 9));
        assertThrows(IllegalArgumentException.class, () -> BitPacker.unpack(new byte[1], 3, 3));
    }
}
