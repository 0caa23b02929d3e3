package lowbit.train.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@Tag("unit")
class Dl4jWeightsTest {

    private static INDArray fOrderDense() {
        return Nd4j.create(new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}}).dup('f');
    }

    @Test
    void readsAnFOrderArrayInLogicalCOrder() {
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, Dl4jWeights.toFloats(fOrderDense()));
    }

    @Test
    void readsAViewIntoALargerBuffer() {
        INDArray flat = Nd4j.create(new float[] {9f, 1f, 2f, 3f, 4f, 9f});
        INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 5)).reshape('f', 2, 2);
        assertArrayEquals(new float[] {1f, 3f, 2f, 4f}, Dl4jWeights.toFloats(view));
    }

    @Test
    void addsAndAssignsInFlatOrderAndKeepsTheDataType() {
        INDArray target = fOrderDense().castTo(DataType.DOUBLE);
        Dl4jWeights.addInFlatOrder(target, new float[] {1f, 0f, 0f, 0f, 0f, -1f});
        assertArrayEquals(new float[] {2f, 2f, 3f, 4f, 5f, 5f}, Dl4jWeights.toFloats(target));
        assertEquals(DataType.DOUBLE, target.dataType());
        Dl4jWeights.assignInFlatOrder(target, new float[] {0f, 1f, 2f, 3f, 4f, 5f});
        assertEquals(1.0, target.getDouble(1, 0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Dl4jWeights.addInFlatOrder(target, new float[5]));
    }

    @Test
    void flatOrderIsTheArraysOwnOrdering() {
        INDArray dense = fOrderDense();
        assertArrayEquals(new float[] {1f, 4f, 2f, 5f, 3f, 6f}, Dl4jWeights.inFlatOrder(dense));
        Dl4jWeights.addInFlatOrder(dense, new float[] {1f, 0f, 0f, 0f, 0f, 0f});
        assertEquals(2f, dense.getFloat(0, 0), 0f);
        Dl4jWeights.assignInFlatOrder(dense, new float[] {0f, 1f, 2f, 3f, 4f, 5f});
        assertEquals(1f, dense.getFloat(1, 0), 0f);
    }
}
