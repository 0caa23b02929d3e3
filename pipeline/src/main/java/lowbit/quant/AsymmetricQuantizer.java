package lowbit.quant;

/**
 * TensorFlow-style asymmetric per-tensor quantizer (docs/methods.md, activation quantization; Sheng et al.):
 * D = (xmax - xmin) / (2^b - 1), z = round(-xmin / D), q = clamp(round(x / D) + z, 0, 2^b - 1),
 * x^ = D (q - z). As in TensorFlow the range is first widened to contain 0, so that 0 is exact
 * [design]; an all-zero range uses D = 1.
 */
public final class AsymmetricQuantizer {
    private final int bits;
    private final int maxCode;
    private final double step;
    private final int zeroPoint;

    private AsymmetricQuantizer(int bits, double step, int zeroPoint) {
        this.bits = bits;
        this.maxCode = (1 << bits) - 1;
        this.step = step;
        this.zeroPoint = zeroPoint;
    }

    public static AsymmetricQuantizer forRange(double min, double max, int bits) {
        BitWidth.require(bits);
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("need a finite range min <= max, got [" + min + ", " + max + "]");
        }
        double lo = Math.min(min, 0.0);
        double hi = Math.max(max, 0.0);
        double step = hi == lo ? 1.0 : (hi - lo) / ((1 << bits) - 1);
        int zeroPoint = (int) Math.rint(-lo / step);
        return new AsymmetricQuantizer(bits, step, zeroPoint);
    }

    /** Range taken from the values' min and max. */
    public static AsymmetricQuantizer forValues(float[] values, int bits) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot take a range from an empty array");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return forRange(min, max, bits);
    }

    public int bits() {
        return bits;
    }

    public double step() {
        return step;
    }

    public int zeroPoint() {
        return zeroPoint;
    }

    public int quantize(double x) {
        double q = Math.rint(x / step) + zeroPoint;
        return (int) Math.max(0, Math.min(maxCode, q));
    }

    public double dequantize(int q) {
        if (q < 0 || q > maxCode) {
            throw new IllegalArgumentException("code " + q + " is outside 0.." + maxCode);
        }
        return step * (q - zeroPoint);
    }

    /** Replaces each value by its dequantized code D (q - z), in place (fake quantization). */
    public void fakeQuantize(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (step * (quantize(values[i]) - zeroPoint));
        }
    }

    public int[] quantize(float[] values) {
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = quantize(values[i]);
        }
        return codes;
    }

    public float[] dequantize(int[] codes) {
        float[] values = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            values[i] = (float) dequantize(codes[i]);
        }
        return values;
    }
}
