package lowbit.robust;

import lowbit.data.read.Normalization;
import lowbit.tensor.Tensor;

/**
 * The map between [0, 1] pixels and a network's normalized inputs x = (p - mean_c) / std_c on NCHW batches, and
 * the chain rule for gradients (dL/dp = dL/dx / std_c): the normalization as the network's first layer.
 */
public final class PixelSpace {
    private final Normalization normalization;

    public PixelSpace(Normalization normalization) {
        this.normalization = normalization;
    }

    /** The pixels of a normalized batch, clamped to [0, 1] (inverting the normalization can round just outside). */
    public float[] pixels(Tensor inputs) {
        float[] x = inputs.data();
        float[] p = new float[x.length];
        int plane = plane(inputs);
        for (int i = 0; i < x.length; i++) {
            int c = channel(i, plane, inputs);
            float v = normalization.mean() == null ? x[i] : (float) (x[i] * normalization.std()[c] + normalization.mean()[c]);
            p[i] = Math.min(1f, Math.max(0f, v));
        }
        return p;
    }

    /** The network inputs of pixels laid out as {@code like}. */
    public Tensor inputs(float[] pixels, Tensor like) {
        if (normalization.mean() == null) {
            return new Tensor(like.shape(), pixels.clone());
        }
        float[] x = new float[pixels.length];
        int plane = plane(like);
        for (int i = 0; i < x.length; i++) {
            int c = channel(i, plane, like);
            x[i] = (float) ((pixels[i] - normalization.mean()[c]) / normalization.std()[c]);
        }
        return new Tensor(like.shape(), x);
    }

    /** dL/dpixels from dL/dinputs. */
    public float[] pixelGradient(Tensor inputGradient) {
        float[] g = inputGradient.data().clone();
        if (normalization.mean() != null) {
            int plane = plane(inputGradient);
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (g[i] / normalization.std()[channel(i, plane, inputGradient)]);
            }
        }
        return g;
    }

    private static int plane(Tensor t) {
        if (t.rank() != 4) throw new IllegalArgumentException("expected an NCHW batch, got rank " + t.rank());
        return t.dim(2) * t.dim(3);
    }

    private static int channel(int index, int plane, Tensor t) {
        return index / plane % t.dim(1);
    }
}
