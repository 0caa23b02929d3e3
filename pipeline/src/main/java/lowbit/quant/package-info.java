/**
 * Engine-neutral quantization math on float[] (docs/methods.md: weight grids and size accounting, activation quantization).
 *
 * <p>Choices where the papers are silent [design]:
 * <ul>
 *   <li>Rounding is half-to-even (as PyTorch and NumPy); a channel with scale 0 quantizes to 0.</li>
 *   <li>1 bit is binary sign(w) * mean|W_c| with sign(0) = +1.</li>
 *   <li>Stored codes are unsigned: k + n for b >= 2, 0 / 1 for b = 1; packing is least significant bit
 *       first, no padding between values.</li>
 *   <li>The asymmetric quantizer widens its range to contain 0 (as TensorFlow) and uses step 1 for an
 *       all-zero range.</li>
 *   <li>Size accounting: 4 bytes per scale and 4 per zero point; a bitmap plus packed nonzeros replaces
 *       the packed codes when that is smaller.</li>
 *   <li>The zero-variance guard of BN folding replaces var <= 1e-12 by the mean over all channels'
 *       variances, degenerate ones included.</li>
 * </ul>
 */
package lowbit.quant;
