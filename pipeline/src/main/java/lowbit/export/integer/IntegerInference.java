package lowbit.export.integer;

import java.util.Arrays;

import lowbit.model.graph.Padding;
import lowbit.model.graph.Shape;

/**
 * Runs an {@link IntegerModel} on one uint8 image in Java with exactly the arithmetic of the generated C: int8
 * tensors, int32 accumulators, TFLite's fixed-point requantization ({@link FixedPoint}), float only for the scores.
 * It is the reference the C is tested against bit for bit. Each tensor has an array of its own here (the C shares one
 * arena), so a wrong arena plan shows up as a difference.
 */
public final class IntegerInference {

    private IntegerInference() {
    }

    /**
     * @param predicted the class of the highest score (the first one on ties)
     * @param tensors   every tensor's int8 values, by tensor id
     */
    public record Result(int predicted, float[] scores, byte[][] tensors) {
    }

    public static Result run(IntegerModel m, byte[] image) {
        if (image.length != m.inputBytes()) {
            throw new IllegalArgumentException("an image of " + m.input() + " has " + m.inputBytes() + " bytes, got " + image.length);
        }
        byte[][] t = new byte[m.tensors().size()][];
        float[] scores = new float[m.classes()];
        for (IntOp op : m.ops()) {
            byte[] out = step(m, op, image, t, scores);
            if (op.output() >= 0) t[op.output()] = out;
        }
        if (m.scoresTensor() >= 0) {
            byte[] q = t[m.scoresTensor()];
            for (int k = 0; k < scores.length; k++) scores[k] = (float) (q[k] - m.scoreZeroPoint()) * m.scoreScale();
        }
        return new Result(argmax(scores), scores, t);
    }

    /**
     * One op on the tensors it reads: {@code tensors} by id (only the op's inputs are used), {@code image} for the input
     * op. Returns the op's output tensor; the classifier writes {@code scores} instead and returns null.
     */
    public static byte[] step(IntegerModel m, IntOp op, byte[] image, byte[][] tensors, float[] scores) {
        byte[][] t = tensors;
        byte[] out = op.output() >= 0 ? new byte[m.tensor(op.output()).size()] : null;
        if (op instanceof IntOp.Input in) input(in, image, out);
        else if (op instanceof IntOp.Conv c) conv(c, t[c.input()], out);
        else if (op instanceof IntOp.Depthwise d) depthwise(d, t[d.input()], out);
        else if (op instanceof IntOp.Dense d) dense(d, t[d.input()], out, scores);
        else if (op instanceof IntOp.MaxPool p) maxPool(p, t[p.input()], out);
        else if (op instanceof IntOp.AvgPool p) avgPool(p, t[p.input()], out);
        else if (op instanceof IntOp.Add a) add(a, t, out);
        else if (op instanceof IntOp.ChannelAffine a) affine(a, t[a.input()], out);
        else if (op instanceof IntOp.Subsample s) subsample(s, t[s.input()], out);
        else if (op instanceof IntOp.Concat c) concat(c, t, out);
        else throw new IllegalStateException("no implementation of " + op);
        return out;
    }

    /** The first index of the largest score. */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) best = k;
        }
        return best;
    }

    private static void input(IntOp.Input in, byte[] image, byte[] out) {
        int plane = in.shape().size() / in.shape().channels();
        for (int i = 0; i < image.length; i++) out[i] = in.table()[(i / plane) * 256 + (image[i] & 0xff)];
    }

    private static void conv(IntOp.Conv c, byte[] x, byte[] y) {
        window(x, y, c.in(), c.out(), c.kernel(), c.stride(), c.padding(), c.inputZeroPoint(), c.weights(), c.bias(), c.accumulatorShift(), c.rq(), false);
    }

    private static void depthwise(IntOp.Depthwise d, byte[] x, byte[] y) {
        window(x, y, d.in(), d.out(), d.kernel(), d.stride(), d.padding(), d.inputZeroPoint(), d.weights(), d.bias(), d.accumulatorShift(), d.rq(), true);
    }

    /**
     * Convolution (each output channel reads every input channel) or depthwise convolution (output channel c reads input
     * channel c): bias + sum w (x - zp) over the window, requantized. Computed as im2col: per output position the window's
     * values (x - zp, 0 outside the map, where the padding's real zeros are zp), then one dot product per output channel.
     * Integer sums do not depend on the order, so this equals the C's loops; it is what Java runs fast.
     */
    private static void window(byte[] x, byte[] y, Shape in, Shape out, int k, int stride, Padding pad, int zp, PackedWeights weights,
                               int[] bias, int accumulatorShift, Requantization rq, boolean depthwise) {
        int scale = 1 << accumulatorShift;
        int h = in.height();
        int w = in.width();
        int plane = h * w;
        int outH = out.height();
        int outW = out.width();
        int outPlane = outH * outW;
        int taps = k * k;
        int patchChannels = depthwise ? 1 : in.channels();
        int[] patch = new int[patchChannels * taps];
        int groups = depthwise ? in.channels() : 1;
        for (int g = 0; g < groups; g++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int y0 = oy * stride - pad.top();
                    int x0 = ox * stride - pad.left();
                    for (int ic = 0; ic < patchChannels; ic++) {
                        int base = (g + ic) * plane;
                        for (int ky = 0; ky < k; ky++) {
                            int iy = y0 + ky;
                            for (int kx = 0; kx < k; kx++) {
                                int ix = x0 + kx;
                                patch[(ic * k + ky) * k + kx] = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[base + iy * w + ix] - zp : 0;
                            }
                        }
                    }
                    int position = oy * outW + ox;
                    if (depthwise) {
                        y[g * outPlane + position] = (byte) rq.apply(dot(patch, weights.row(g)) * scale + bias[g], g);
                    } else {
                        for (int oc = 0; oc < out.channels(); oc++) {
                            y[oc * outPlane + position] = (byte) rq.apply(dot(patch, weights.row(oc)) * scale + bias[oc], oc);
                        }
                    }
                }
            }
        }
    }

    private static int dot(int[] a, int[] b) {
        int s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void dense(IntOp.Dense d, byte[] x, byte[] y, float[] scores) {
        int zp = d.inputZeroPoint();
        int[] xs = new int[d.in()];
        for (int i = 0; i < xs.length; i++) xs[i] = x[i] - zp;
        for (int o = 0; o < d.out(); o++) {
            int acc = dot(xs, d.weights().row(o)) * (1 << d.accumulatorShift()) + d.bias()[o];
            if (d.writesScores()) scores[o] = (float) acc * d.scoreScales()[o];
            else y[o] = (byte) d.rq().apply(acc, o);
        }
    }

    private static void maxPool(IntOp.MaxPool p, byte[] x, byte[] y) {
        Shape in = p.in();
        Shape out = p.out();
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int best = -128;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            best = Math.max(best, x[(c * in.height() + oy * p.stride() + ky) * in.width() + ox * p.stride() + kx]);
                        }
                    }
                    y[(c * out.height() + oy) * out.width() + ox] = (byte) best;
                }
            }
        }
    }

    private static void avgPool(IntOp.AvgPool p, byte[] x, byte[] y) {
        Shape in = p.in();
        int outH = p.out().isImage() ? p.out().height() : 1;
        int outW = p.out().isImage() ? p.out().width() : 1;
        int count = p.kernelH() * p.kernelW();
        for (int c = 0; c < in.channels(); c++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int sum = -count * p.inputZeroPoint();
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            sum += x[(c * in.height() + oy * p.stride() + ky) * in.width() + ox * p.stride() + kx];
                        }
                    }
                    y[(c * outH + oy) * outW + ox] = (byte) p.rq().apply(sum * (1 << p.accumulatorShift()), 0);
                }
            }
        }
    }

    private static void add(IntOp.Add a, byte[][] t, byte[] y) {
        int[] in = a.inputs();
        for (int i = 0; i < a.size(); i++) {
            int sum = 0;
            for (int j = 0; j < in.length; j++) {
                int shifted = (t[in[j]][i] - a.inputZeroPoints()[j]) * (1 << IntOp.Add.LEFT_SHIFT);
                sum += FixedPoint.multiplyByQuantizedMultiplier(shifted, a.inputMultipliers()[j], a.inputShifts()[j]);
            }
            y[i] = (byte) a.rq().apply(sum, 0);
        }
    }

    private static void affine(IntOp.ChannelAffine a, byte[] x, byte[] y) {
        int plane = a.shape().size() / a.shape().channels();
        for (int i = 0; i < x.length; i++) {
            int c = i / plane;
            int acc = a.weight()[c] * (x[i] - a.inputZeroPoint()) + a.bias()[c];
            y[i] = (byte) a.rq().apply(acc, c);
        }
    }

    private static void subsample(IntOp.Subsample s, byte[] x, byte[] y) {
        Shape in = s.in();
        Shape out = s.out();
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    y[(c * out.height() + oy) * out.width() + ox] = x[(c * in.height() + oy * s.stride()) * in.width() + ox * s.stride()];
                }
            }
        }
    }

    private static void concat(IntOp.Concat c, byte[][] t, byte[] y) {
        int plane = c.out().size() / c.out().channels();
        int at = 0;
        for (int p = 0; p < c.sources().length; p++) {
            int n = c.channels()[p] * plane;
            if (c.sources()[p] < 0) Arrays.fill(y, at, at + n, (byte) c.fill());
            else System.arraycopy(t[c.sources()[p]], 0, y, at, n);
            at += n;
        }
    }
}
