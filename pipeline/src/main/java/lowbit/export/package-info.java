/**
 * Honest packed export: a model post-training quantized by a {@link lowbit.ptq.QuantizationPlan}, written
 * with its weights at their real bit width, and read back into a {@link lowbit.engine.TrainableModel} whose
 * predictions equal the fake-quantized model's (same dequantized floats, same architecture).
 *
 * <p>File format, version 1 (all integers and floats big-endian; also in docs/export-format.md):
 * <pre>
 * u32   magic 0x4C425146 ("LBQF")
 * u8    version = 1
 * utf   engine name (u16 byte length + modified UTF-8, java.io.DataOutput#writeUTF), e.g. "dl4j"
 * u32   A, then A bytes: the architecture text (for dl4j the ComputationGraphConfiguration JSON), zlib-deflated
 * u32   CRC-32 of the layout: per stored view "name KIND d0 d1 ...\n" in UTF-8
 * u32   T, the number of stored tensors: the trainable views in buffer order, then the batch-norm state views
 * T x   tensor, first byte its encoding:
 *         0 FLOAT32             n float32 values (biases, unfolded BN parameters, unquantized weights)
 *         1 CONSTANT            one float32 for all n values (views that BN folding made constant)
 *         2 PACKED              u8 bits, u8 per-channel (0/1), S float32 scales (S = 1, or the view's output
 *                               channels), ceil(n b / 8) bytes of codes
 *         3 BITMAP_AND_NONZEROS u8 bits, u8 per-channel, S float32 scales, ceil(n / 8) bytes of bitmap
 *                               (1 = nonzero code), ceil(nnz b / 8) bytes of the nonzero codes in order
 *         4 SPARSE_FLOAT32      ceil(n / 8) bytes of bitmap, then the nonzero float32 values in order
 *                               (unquantized tensors where this is smaller than FLOAT32: RVSM / RGSM weights)
 * u32   CRC-32 of every byte before it
 * </pre>
 * Codes are symmetric b-bit grid codes k in [-n, n] stored unsigned as k + n (b = 1: 0 / 1 for -1 / +1),
 * packed least significant bit first with no padding between values ({@link lowbit.quant.BitPacker}); a value
 * is k * scale of its channel. Elements are in the view's row-major order; shapes, kinds and the output-channel
 * axis come from the architecture, which is why only the layout checksum is stored. The writer picks
 * BITMAP_AND_NONZEROS where {@link lowbit.quant.TensorSize} finds it smaller than PACKED.
 *
 * <p>Sizes ({@link lowbit.export.ExportSizes}): float bytes = 4 x (parameters + batch-norm state); theoretical
 * bytes = the size accounting of docs/methods.md of what the file stores (packed codes or bitmap + nonzeros, 4 bytes per
 * scale, 4 bytes per float32 value, 0 for folded-away constants); file bytes add the header, the deflated
 * architecture, 1-3 bytes per tensor, 5 per constant and the checksum.
 */
package lowbit.export;
