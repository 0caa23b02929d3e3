package lowbit.engine.dl4j;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java float arrays and ND4J arrays. ND4J M2's {@code toFloatVector()} and
 * {@code Nd4j.create(float[], ...)} go element by element through an indexer, which costs milliseconds per
 * step for a whole parameter vector; a contiguous float array is copied here with one memcpy instead.
 */
final class FloatCopies {
    private FloatCopies() {
    }

    /** The elements of {@code a} in C order. */
    static float[] read(INDArray a) {
        float[] out = new float[Math.toIntExact(a.length())];
        if (contiguousFloat(a)) {
            at(a).get(out);
        } else {
            System.arraycopy(a.castTo(DataType.FLOAT).dup('c').data().asFloat(), 0, out, 0, out.length);
        }
        return out;
    }

    /** Overwrites {@code a} with {@code values} (C order). */
    static void write(float[] values, INDArray a) {
        if (values.length != a.length()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + a.length());
        }
        if (contiguousFloat(a)) {
            at(a).put(values);
        } else {
            a.assign(Nd4j.create(values, a.shape(), 'c').castTo(a.dataType()));
        }
    }

    /** A new C-order array of {@code type} holding {@code values}. */
    static INDArray create(float[] values, long[] shape, DataType type) {
        INDArray floats = Nd4j.create(DataType.FLOAT, shape, 'c');
        write(values, floats);
        return type == DataType.FLOAT ? floats : floats.castTo(type);
    }

    private static boolean contiguousFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1
                && a.offset() == a.data().offset() && a.data().length() >= a.length() && a.length() > 0;
    }

    /** A view's data buffer starts at the view's offset, and so does its address pointer. */
    private static FloatPointer at(INDArray a) {
        Pointer base = a.data().addressPointer();
        FloatPointer p = new FloatPointer(base);
        p.capacity(a.length());
        p.limit(a.length());
        return p.position(0);
    }
}
