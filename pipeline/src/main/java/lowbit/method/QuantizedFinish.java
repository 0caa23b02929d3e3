package lowbit.method;

import java.io.Serializable;

/**
 * QGT's finish (docs/methods.md): after the regularized epochs the model is hard-quantized and
 * fine-tuned for {@code epochs} more epochs with straight-through fake quantization ({@code quantizer}), no regularizers, a fresh
 * optimizer and the rate base lr x {@code lrFactor}, constant or (with {@code cosine}) annealed to 0 over the
 * finish [design]; what is evaluated and saved from then
 * on is the quantized model. With {@code fromQuantized} the latent weights restart at Q_b(w); otherwise they
 * keep QGT's trained values and only the forward pass is quantized.
 */
public record QuantizedFinish(int epochs, double lrFactor, boolean cosine, boolean fromQuantized, WeightTransform quantizer)
        implements Serializable {
    public QuantizedFinish {
        if (epochs < 0) {
            throw new IllegalArgumentException("finish epochs must be >= 0, got " + epochs);
        }
        if (!(lrFactor > 0) || Double.isInfinite(lrFactor)) {
            throw new IllegalArgumentException("finish lr factor must be finite and > 0, got " + lrFactor);
        }
    }

    /** The finish's learning rate at fractional epoch {@code t} of the run, whose finish begins at epoch {@code start}. */
    public double rate(double base, double t, int start) {
        double peak = base * lrFactor;
        return cosine ? peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (t - start) / epochs))) : peak;
    }
}
