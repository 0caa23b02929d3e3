package lowbit.quant;

import java.util.Objects;

import lowbit.tensor.ChannelLayout;

/**
 * Symmetric b-bit grid (docs/methods.md): n = 2^(b-1) - 1, s = max|W| / n per channel,
 * Q(w) = s * clip(round(w / s), -n, n). For b = 1 the grid is binary, Q(w) = sign(w) * mean|W| with
 * sign(0) = +1 [design]. Rounding is half-to-even, as in PyTorch and NumPy. A channel whose scale is 0
 * (all zeros) quantizes to 0. With {@link ScaleRule#MSE} the scale of b >= 2 clips instead (see there).
 */
public final class SymmetricQuantizer {
    private final int bits;
    private final int maxLevel;
    private final ScaleRule rule;

    public SymmetricQuantizer(int bits) {
        this(bits, ScaleRule.MAX);
    }

    public SymmetricQuantizer(int bits, ScaleRule rule) {
        this.bits = BitWidth.require(bits);
        this.maxLevel = bits == 1 ? 1 : (1 << (bits - 1)) - 1;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public int bits() {
        return bits;
    }

    /** Largest code magnitude: n = 2^(b-1) - 1, and 1 for the binary grid. */
    public int maxLevel() {
        return maxLevel;
    }

    /** One scale per channel: max|w| / n (or the MSE rule's clipped one), or mean|w| for b = 1. */
    public float[] scales(float[] weights, ChannelLayout layout) {
        layout.requireLength(weights.length);
        double[] acc = new double[layout.channels()];
        for (int i = 0; i < weights.length; i++) {
            int c = layout.channelOf(i);
            double a = Math.abs(weights[i]);
            acc[c] = bits == 1 ? acc[c] + a : Math.max(acc[c], a);
        }
        float[] scales = new float[acc.length];
        double divisor = bits == 1 ? layout.channelSize() : maxLevel;
        for (int c = 0; c < acc.length; c++) {
            scales[c] = divisor == 0 ? 0f : (float) (acc[c] / divisor);
        }
        return rule == ScaleRule.MSE && bits > 1 ? clippedScales(weights, layout, scales) : scales;
    }

    /** Per channel, the candidate scale k/32 * max|w| / n (k = 3..32) with the least squared error; ties keep the larger. */
    private float[] clippedScales(float[] weights, ChannelLayout layout, float[] maxScales) {
        int channels = maxScales.length;
        int first = 3;
        int candidates = ScaleRule.MSE_CANDIDATES - first + 1;
        double[][] error = new double[channels][candidates];
        float[][] scale = new float[channels][candidates];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < candidates; k++) {
                scale[c][k] = (float) ((double) maxScales[c] * (first + k) / ScaleRule.MSE_CANDIDATES);
            }
        }
        for (int i = 0; i < weights.length; i++) {
            int c = layout.channelOf(i);
            if (maxScales[c] == 0f) continue;
            float w = weights[i];
            double[] e = error[c];
            float[] s = scale[c];
            for (int k = 0; k < candidates; k++) {
                double d = w - code(w, s[k]) * (double) s[k];
                e[k] += d * d;
            }
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            int best = candidates - 1;
            for (int k = candidates - 2; k >= 0; k--) {
                if (error[c][k] < error[c][best]) best = k;
            }
            out[c] = maxScales[c] == 0f ? 0f : scale[c][best];
        }
        return out;
    }

    /** Integer codes in [-n, n] (or {-1, +1} for b = 1) for the given per-channel scales. */
    public int[] codes(float[] weights, float[] scales, ChannelLayout layout) {
        requireScales(scales, layout);
        layout.requireLength(weights.length);
        int[] codes = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            codes[i] = code(weights[i], scales[layout.channelOf(i)]);
        }
        return codes;
    }

    private int code(float w, float scale) {
        if (bits == 1) {
            return w >= 0 ? 1 : -1;
        }
        if (scale == 0f) {
            return 0;
        }
        double k = Math.rint(w / (double) scale);
        return (int) Math.max(-maxLevel, Math.min(maxLevel, k));
    }

    public float[] dequantize(int[] codes, float[] scales, ChannelLayout layout) {
        requireScales(scales, layout);
        layout.requireLength(codes.length);
        float[] values = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < -maxLevel || codes[i] > maxLevel || (bits == 1 && codes[i] == 0)) {
                throw new IllegalArgumentException("code " + codes[i] + " at index " + i
                        + " is not on the " + bits + "-bit grid");
            }
            values[i] = (float) ((double) codes[i] * scales[layout.channelOf(i)]);
        }
        return values;
    }

    /** Q_b(w) with scales computed from {@code weights} themselves (fake quantization). */
    public float[] quantize(float[] weights, ChannelLayout layout) {
        float[] scales = scales(weights, layout);
        return dequantize(codes(weights, scales, layout), scales, layout);
    }

    /** Maps a signed code to the unsigned b-bit value that is stored: k + n, or 0/1 for b = 1. */
    public int toStored(int code) {
        return bits == 1 ? (code > 0 ? 1 : 0) : code + maxLevel;
    }

    public int fromStored(int stored) {
        return bits == 1 ? (stored == 0 ? -1 : 1) : stored - maxLevel;
    }

    /** Codes packed at b bits each, least significant bit first. */
    public byte[] pack(int[] codes) {
        int[] stored = new int[codes.length];
        for (int i = 0; i < codes.length; i++) {
            stored[i] = toStored(codes[i]);
        }
        return BitPacker.pack(stored, bits);
    }

    public int[] unpack(byte[] packed, int count) {
        int[] codes = BitPacker.unpack(packed, count, bits);
        for (int i = 0; i < codes.length; i++) {
            codes[i] = fromStored(codes[i]);
        }
        return codes;
    }

    private static void requireScales(float[] scales, ChannelLayout layout) {
        if (scales.length != layout.channels()) {
            throw new IllegalArgumentException(
                    "got " + scales.length + " scales for " + layout.channels() + " channels");
        }
    }
}
