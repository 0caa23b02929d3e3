package lowbit.export.integer;

/**
 * TensorFlow Lite's fixed-point requantization (gemmlowp): a real multiplier M > 0 is stored as a 32-bit
 * {@code multiplier} m in [2^30, 2^31) and a {@code shift} s with M = m 2^(s - 31), and an int32 x is scaled by
 * {@link #multiplyByQuantizedMultiplier}: a saturating rounding doubling high multiply (round to nearest; an exact
 * negative half goes toward zero, as gemmlowp's nudge does), then a rounding right shift (half away from zero). It
 * rounds twice, so it can be one step off the exactly rounded x M when the shift is short. The generated C
 * (lowbit_mbqm in model.c) is a line-by-line copy of this class.
 */
public final class FixedPoint {

    private FixedPoint() {
    }

    /** A quantized multiplier: M = multiplier * 2^(shift - 31). */
    public record Multiplier(int multiplier, int shift) {
        /** The real number it stands for. */
        public double value() {
            return multiplier * Math.pow(2, shift - 31);
        }
    }

    /**
     * TFLite's QuantizeMultiplier: frexp, then round(q 2^31) half away from zero, renormalized when it rounds up to
     * 2^31; multipliers below 2^-32 become 0, those of 2^31 or more saturate at shift 30.
     *
     * @throws IllegalArgumentException for a negative or non-finite multiplier
     */
    public static Multiplier quantizeMultiplier(double real) {
        if (!(real >= 0) || Double.isInfinite(real)) throw new IllegalArgumentException("multiplier must be finite and >= 0, got " + real);
        if (real == 0) return new Multiplier(0, 0);
        int shift = Math.getExponent(real) + 1; // frexp: real = q 2^shift, q in [0.5, 1)
        double q = Math.scalb(real, -shift);
        if (q < 0.5) { // subnormal input: getExponent is MIN_EXPONENT - 1
            while (q < 0.5) {
                q *= 2;
                shift--;
            }
        }
        long fixed = Math.round(q * (1L << 31));
        if (fixed == 1L << 31) {
            fixed /= 2;
            shift++;
        }
        if (shift < -31) return new Multiplier(0, 0);
        if (shift > 30) return new Multiplier(Integer.MAX_VALUE, 30);
        return new Multiplier((int) fixed, shift);
    }

    /** gemmlowp's SaturatingRoundingDoublingHighMul: round(a b / 2^31), saturating the one overflow case. */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) return Integer.MAX_VALUE;
        long ab = (long) a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int) ((ab + nudge) / (1L << 31)); // truncates toward zero, as C's division
    }

    /** gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded half away from zero, exponent in 0..31. */
    public static int roundingDivideByPot(int x, int exponent) {
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /**
     * TFLite's MultiplyByQuantizedMultiplier: x M rounded, with a left shift for M >= 1 first. Where TFLite's int32
     * left shift would overflow (undefined in C), lowbit saturates x 2^shift to the int32 range.
     */
    public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int left = Math.max(shift, 0);
        int right = Math.max(-shift, 0);
        long shifted = (long) x * (1L << left);
        int saturated = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, shifted));
        return roundingDivideByPot(saturatingRoundingDoublingHighMul(saturated, multiplier), right);
    }

    public static int multiplyByQuantizedMultiplier(int x, Multiplier m) {
        return multiplyByQuantizedMultiplier(x, m.multiplier(), m.shift());
    }

    /** Round half away from zero (TFLite's TfLiteRound, C's round()). */
    public static long roundHalfAway(double x) {
        return (long) (Math.signum(x) * Math.floor(Math.abs(x) + 0.5));
    }
}
