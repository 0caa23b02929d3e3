package lowbit.export.integer;

import java.util.Arrays;

/**
 * How an int32 accumulator becomes an int8 value of the output tensor's grid: {@code clamp(MBQM(acc, m_c, s_c) + zp,
 * min, max)} with a multiplier and shift per output channel (one for all channels when {@code multiplier} has length 1),
 * where min / max are the int8 range narrowed by a fused ReLU (min = zp) or ReLU6 (max = zp + round(6 / scale)). A
 * fused binary step ({@code step}) instead writes {@code max} (the code of 1) where acc > 0 and {@code min} (the code
 * of 0) elsewhere.
 */
public record Requantization(int[] multiplier, int[] shift, int zeroPoint, int min, int max, boolean step) {

    public Requantization {
        if (multiplier.length != shift.length || multiplier.length == 0) {
            throw new IllegalArgumentException("need as many shifts as multipliers, at least one");
        }
        if (min < -128 || max > 127 || min > max) throw new IllegalArgumentException("bad clamp [" + min + ", " + max + "]");
        multiplier = multiplier.clone();
        shift = shift.clone();
    }

    public int channels() {
        return multiplier.length;
    }

    /** The int8 output of accumulator {@code acc} of output channel {@code channel}. */
    public int apply(int acc, int channel) {
        if (step) return acc > 0 ? max : min;
        int c = multiplier.length == 1 ? 0 : channel;
        long v = (long) FixedPoint.multiplyByQuantizedMultiplier(acc, multiplier[c], shift[c]) + zeroPoint;
        return (int) Math.max(min, Math.min(max, v));
    }

    @Override
    public int[] multiplier() {
        return multiplier.clone();
    }

    @Override
    public int[] shift() {
        return shift.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requantization r && Arrays.equals(multiplier, r.multiplier) && Arrays.equals(shift, r.shift)
                && zeroPoint == r.zeroPoint && min == r.min && max == r.max && step == r.step;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(multiplier) + zeroPoint;
    }
}
