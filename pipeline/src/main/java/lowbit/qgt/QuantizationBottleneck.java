package lowbit.qgt;

import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;

/** QGT's per-layer bottleneck measure rho_l = ||W - Q_b(W)||^2 / ||W||^2 (docs/methods.md, QGT). */
public final class QuantizationBottleneck {
    private QuantizationBottleneck() {
    }

    /** 0 for an all-zero tensor, which every grid represents exactly. */
    public static double relativeError(float[] w, SymmetricQuantizer quantizer, ChannelLayout layout) {
        float[] q = quantizer.quantize(w, layout);
        double error = 0;
        double energy = 0;
        for (int i = 0; i < w.length; i++) {
            double d = (double) w[i] - q[i];
            error += d * d;
            energy += (double) w[i] * w[i];
        }
        return energy == 0 ? 0.0 : error / energy;
    }
}
