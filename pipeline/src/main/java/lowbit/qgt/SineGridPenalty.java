package lowbit.qgt;

import lowbit.quant.ScaleRule;
import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;

/**
 * The smooth QGT variant (docs/methods.md, QGT): R = sum_i sin^2(pi w_i / s_c), zero on every grid
 * level k s_c; dR/dw_i = (pi / s_c) sin(2 pi w_i / s_c), with s_c = max|W_c| / n held constant.
 * Needs b >= 2: the binary grid {-s, +s} does not contain 0, and sin^2 would pull weights to 0 too.
 */
public final class SineGridPenalty implements WeightPenalty {
    private final SymmetricQuantizer quantizer;

    public SineGridPenalty(int bits) {
        this(bits, ScaleRule.MAX);
    }

    public SineGridPenalty(int bits, ScaleRule rule) {
        if (bits == 1) {
            throw new IllegalArgumentException("the sine penalty needs bits >= 2: the 1-bit grid has no level at 0");
        }
        this.quantizer = new SymmetricQuantizer(bits, rule);
    }

    @Override
    public ValueAndGradient valueAndGradient(float[] w, ChannelLayout layout) {
        float[] scales = quantizer.scales(w, layout);
        float[] g = new float[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            float s = scales[layout.channelOf(i)];
            if (s != 0f) {
                double sin = Math.sin(Math.PI * w[i] / s);
                sum += sin * sin;
                g[i] = (float) (Math.PI / s * Math.sin(2 * Math.PI * w[i] / s));
            }
        }
        return new ValueAndGradient(sum, g);
    }
}
