package lowbit.engine.dl4j;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("unit")
class FloatCopiesTest {

    private static List<INDArray> shapes() {
        Nd4j.getRandom().setSeed(7);
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 50);
        return List.of(
                matrix.dup(),
                matrix.getRow(2),
                matrix.getColumn(3),
                matrix.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(0, 3)),
                matrix.dup('f'),
                flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 30)),
                Nd4j.rand(DataType.DOUBLE, 3, 5));
    }

    private static float[] cOrder(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Test
    void readsEveryLayoutAsItsCOrderElements() {
        for (INDArray a : shapes()) {
            assertArrayEquals(cOrder(a), FloatCopies.read(a), a.shapeInfoToString());
        }
    }

    @Test
    void writesEveryLayoutInCOrderAndOnlyItsOwnElements() {
        Random random = new Random(3);
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 4, 6);
        float[] before = matrix.dup().data().asFloat();
        INDArray row = matrix.getRow(1);
        float[] values = new float[6];
        for (int i = 0; i < values.length; i++) values[i] = random.nextFloat();
        FloatCopies.write(values, row);
        assertArrayEquals(values, matrix.getRow(1).toFloatVector());
        for (int r : new int[] {0, 2, 3}) {
            float[] expected = java.util.Arrays.copyOfRange(before, r * 6, r * 6 + 6);
            assertArrayEquals(expected, matrix.getRow(r).toFloatVector());
        }
        for (INDArray a : shapes()) {
            float[] v = new float[(int) a.length()];
            for (int i = 0; i < v.length; i++) v[i] = random.nextFloat();
            FloatCopies.write(v, a);
            assertArrayEquals(v, cOrder(a), 1e-7f, a.shapeInfoToString());
        }
    }

    @Test
    void createsArraysOfAnyType() {
        float[] v = {1, 2, 3, 4, 5, 6};
        INDArray d = FloatCopies.create(v, new long[] {2, 3}, DataType.DOUBLE);
        assertArrayEquals(new long[] {2, 3}, d.shape());
        assertArrayEquals(v, cOrder(d));
        assertArrayEquals(v, cOrder(FloatCopies.create(v, new long[] {3, 2}, DataType.FLOAT)));
    }

    @Test
    void refusesALengthMismatch() {
        assertThrows(IllegalArgumentException.class, () -> FloatCopies.write(new float[3], Nd4j.zeros(DataType.FLOAT, 4)));
    }
}
