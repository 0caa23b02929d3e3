package lowbit.qgt;

import lowbit.quant.ScaleRule;
import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;

/**
 * QGT's penalty (docs/methods.md, QGT [design]): R = mean_i (w_i - Q_b(w_i))^2 with Q_b treated as a
 * constant, so dR/dw_i = 2 (w_i - Q_b(w_i)) / |W|; the scale is recomputed from the current weights.
 */
public final class GridDistancePenalty implements WeightPenalty {
    private final SymmetricQuantizer quantizer;

    public GridDistancePenalty(int bits) {
        this(bits, ScaleRule.MAX);
    }

    public GridDistancePenalty(int bits, ScaleRule rule) {
        this.quantizer = new SymmetricQuantizer(bits, rule);
    }

    @Override
    public ValueAndGradient valueAndGradient(float[] w, ChannelLayout layout) {
        if (w.length == 0) {
            return new ValueAndGradient(0.0, new float[0]);
        }
        float[] q = quantizer.quantize(w, layout);
        float[] g = new float[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double d = (double) w[i] - q[i];
            sum += d * d;
            g[i] = (float) (2 * d / w.length);
        }
        return new ValueAndGradient(sum / w.length, g);
    }
}
