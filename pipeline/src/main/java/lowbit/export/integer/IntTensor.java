package lowbit.export.integer;

import lowbit.model.graph.Shape;

/**
 * An int8 tensor of the integer program, named after the graph node whose value it holds, in channel-major (C, H, W)
 * order, on the asymmetric grid real = scale (q - zeroPoint) with q and zeroPoint in [-128, 127].
 */
public record IntTensor(int id, String name, Shape shape, double scale, int zeroPoint) {

    public IntTensor {
        if (!(scale > 0)) throw new IllegalArgumentException(name + ": scale must be positive, got " + scale);
        if (zeroPoint < -128 || zeroPoint > 127) throw new IllegalArgumentException(name + ": zero point " + zeroPoint);
    }

    /** Bytes (values) per image. */
    public int size() {
        return shape.size();
    }

    /** True when both tensors have the same grid. */
    public boolean sameGrid(IntTensor other) {
        return scale == other.scale && zeroPoint == other.zeroPoint;
    }
}
