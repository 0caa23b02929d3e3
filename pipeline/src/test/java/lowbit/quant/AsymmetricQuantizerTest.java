package lowbit.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AsymmetricQuantizerTest {

    @Test
    void goldenValuesFromAlgorithmsMd() {
        AsymmetricQuantizer q = AsymmetricQuantizer.forRange(-1, 3, 8);
        assertEquals(0.0156863, q.step(), 1e-7);
        assertEquals(64, q.zeroPoint());
        assertEquals(96, q.quantize(0.5));
        assertEquals(0.501961, q.dequantize(96), 1e-6);
    }

    @Test
    void clampsToTheCodeRange() {
        AsymmetricQuantizer q = AsymmetricQuantizer.forRange(-1, 3, 8);
        assertEquals(255, q.quantize(10));
        assertEquals(0, q.quantize(-5));
        // z is rounded, so the range ends are reproduced within half a step, not exactly
        assertEquals(3.0, q.dequantize(q.quantize(3)), q.step() / 2);
        assertEquals(-1.0, q.dequantize(q.quantize(-1)), q.step() / 2);
    }

    @Test
    void rangeIsWidenedToContainZeroSoZeroIsExact() {
        AsymmetricQuantizer q = AsymmetricQuantizer.forRange(1, 3, 4);
        assertEquals(0.2, q.step(), 1e-12);
        assertEquals(0, q.zeroPoint());
        assertEquals(0.0, q.dequantize(q.quantize(0.0)), 0.0);
    }

    @Test
    void valuesAreRoundTrippedWithinHalfAStep() {
        float[] x = {-0.7f, 0.1f, 2.2f, 1.1f, -0.05f};
        AsymmetricQuantizer q = AsymmetricQuantizer.forValues(x, 8);
        assertEquals((2.2 + 0.7) / 255, q.step(), 1e-7);
        float[] back = q.dequantize(q.quantize(x));
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back[i], q.step() / 2 + 1e-7);
        }
    }

    @Test
    void allZeroValuesStayZero() {
        AsymmetricQuantizer q = AsymmetricQuantizer.forValues(new float[] {0f, 0f}, 8);
        assertArrayEquals(new float[] {0f, 0f}, q.dequantize(q.quantize(new float[] {0f, 0f})));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> AsymmetricQuantizer.forRange(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> AsymmetricQuantizer.forRange(2, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> AsymmetricQuantizer.forRange(Double.NaN, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> AsymmetricQuantizer.forValues(new float[0], 8));
        assertThrows(IllegalArgumentException.class, () -> AsymmetricQuantizer.forRange(-1, 1, 2).dequantize(4));
    }

    @Test
    void fakeQuantizationIsDequantizedQuantizationInPlace() {
        AsymmetricQuantizer q = AsymmetricQuantizer.forRange(-1, 3, 8);
        float[] x = {-5f, -1f, -0.3f, 0f, 0.5f, 1.234f, 3f, 10f};
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) expected[i] = (float) q.dequantize(q.quantize(x[i]));
        q.fakeQuantize(x);
        assertArrayEquals(expected, x);
        assertEquals(0.501961f, expected[4], 1e-6f);
    }
}
