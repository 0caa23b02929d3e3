package lowbit.model.graph;

/**
 * A parameter (or batch-norm state) tensor of an op, e.g. a convolution's {@code W}: its key within the node (the view
 * is named {@code node/key}), kind, row-major shape, the axis of output channels and how it starts. An op lists its
 * parameters in the order DL4J lays them out, which both engines keep.
 */
public record Param(String key, ParamKind kind, int[] shape, int outAxis, Init init) {

    public Param {
        shape = shape.clone();
    }

    /** Batch-norm running statistics: state, not trained by gradients. */
    public boolean isState() {
        return kind == ParamKind.BN_MEAN || kind == ParamKind.BN_VAR;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int length() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
