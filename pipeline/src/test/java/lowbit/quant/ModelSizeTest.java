package lowbit.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ModelSizeTest {

    @Test
    void denseTensorStoresPackedCodesPlusScales() {
        TensorSize t = TensorSize.quantized("conv", 10, 10, 3, 1, false);
        assertEquals(40, t.floatBytes());
        assertEquals(4 + 4, t.storedBytes());
        assertEquals(TensorSize.Encoding.PACKED, t.encoding());
    }

    @Test
    void sparseTensorUsesBitmapWhenSmaller() {
        TensorSize t = TensorSize.quantized("fc", 100, 5, 8, 1, false);
        assertEquals(13 + 5 + 4, t.storedBytes());
        assertEquals(TensorSize.Encoding.BITMAP_AND_NONZEROS, t.encoding());
        assertEquals(TensorSize.Encoding.PACKED, TensorSize.quantized("fc", 100, 60, 2, 1, false).encoding());
    }

    @Test
    void asymmetricTensorsAlsoStoreZeroPoints() {
        assertEquals(100 + 3 * 8, TensorSize.quantized("dw", 100, 100, 8, 3, true).storedBytes());
    }

    @Test
    void modelSumsTensorsAndReportsTheRatio() {
        ModelSize m = new ModelSize()
                .add(TensorSize.quantized("fc", 100, 5, 8, 1, false))
                .add(TensorSize.float32("fc.bias", 10));
        assertEquals(440, m.floatBytes());
        assertEquals(22 + 40, m.storedBytes());
        assertEquals(440.0 / 62, m.compressionRatio(), 1e-12);
        assertEquals(2, m.tensors().size());
    }

    @Test
    void twoBitsOfAMillionWeightsIsSixteenTimesSmallerBeforeScales() {
        TensorSize t = TensorSize.quantized("w", 1_000_000, 1_000_000, 2, 0, false);
        assertEquals(16.0, (double) t.floatBytes() / t.storedBytes(), 1e-12);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> TensorSize.quantized("w", 10, 11, 2, 1, false));
        assertThrows(IllegalArgumentException.class, () -> TensorSize.quantized("w", 10, 10, 9, 1, false));
        assertThrows(IllegalArgumentException.class, () -> TensorSize.float32("b", -1));
    }
}
