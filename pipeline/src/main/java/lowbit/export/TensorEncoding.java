package lowbit.export;

/** How one tensor is stored in a packed model file; the tag is its first byte. */
enum TensorEncoding {
    /** n float32 values. */
    FLOAT32(0),
    /** One float32 value for every element: views that batch-norm folding made constant. */
    CONSTANT(1),
    /** bits, per-channel flag, float32 scales, ceil(n b / 8) bytes of codes. */
    PACKED(2),
    /** bits, per-channel flag, float32 scales, ceil(n / 8) bytes of nonzero bitmap, ceil(nnz b / 8) bytes of nonzero codes. */
    BITMAP_AND_NONZEROS(3),
    /** ceil(n / 8) bytes of nonzero bitmap, then the nonzero float32 values: sparse float tensors (RVSM). */
    SPARSE_FLOAT32(4);

    final int tag;

    TensorEncoding(int tag) {
        this.tag = tag;
    }

    static TensorEncoding ofTag(int tag) {
        for (TensorEncoding e : values()) {
            if (e.tag == tag) return e;
        }
        throw new IllegalArgumentException("unknown tensor encoding tag " + tag);
    }
}
