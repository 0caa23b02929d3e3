package lowbit.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.model.MobileNetV1;
import lowbit.model.graph.Padding;

/**
 * Maps the layers of a Keras MobileNetV1 (the Keras-applications layout and MLPerf Tiny's person detector) onto
 * lowbit's zoo MobileNetV1 with the options that reproduce it, and its weights onto the zoo's parameter views:
 * <pre>
 * [ZeroPadding2D] Conv2D 3x3/2 -> BatchNormalization -> ReLU | Activation(relu)
 * 13 x ([ZeroPadding2D] DepthwiseConv2D 3x3 [-> BatchNormalization -> ReLU] -> Conv2D 1x1 -> BatchNormalization -> ReLU)
 * AveragePooling2D over the whole map | GlobalAveragePooling2D, [Reshape] [Dropout] [Flatten],
 * Dense | Conv2D 1x1 (the classifier, with bias), [Reshape], [Activation(softmax) | Softmax]
 * </pre>
 * A 1x1 convolution classifier on the pooled 1x1 map computes what a dense layer does and becomes the zoo's {@code fc}.
 * Dropout is left out (lowbit does not train with it). The first layer that does not fit is an {@link ImportError}
 * naming it and saying why.
 */
public final class KerasMobileNetV1 {

    /** What the Keras model is in lowbit's terms: zoo options and every parameter view's values in lowbit's layout. */
    public record Mapped(Map<String, String> options, Map<String, float[]> values, boolean kerasApplicationsNames) {
    }

    private final List<KerasLayer> layers;
    private int at;
    private int height;
    private int width;
    private int channels;
    private Padding pendingPadding;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private Boolean bias;
    private Boolean same;
    private Boolean relu6;
    private Double eps;

    private KerasMobileNetV1(List<KerasLayer> layers) {
        this.layers = layers;
    }

    public static Mapped map(List<KerasLayer> layers) {
        return new KerasMobileNetV1(layers).run();
    }

    private Mapped run() {
        requireChain();
        KerasLayer input = next("InputLayer");
        com.fasterxml.jackson.databind.JsonNode shape = input.config().path("batch_input_shape");
        if (shape.size() != 4) throw fail(input, "needs an input of shape [batch, height, width, channels], has " + shape);
        height = shape.get(1).asInt();
        width = shape.get(2).asInt();
        channels = shape.get(3).asInt();
        if (height != width || height <= 0) throw fail(input, "lowbit's MobileNetV1 takes square inputs, not " + height + "x" + width);
        int inputChannels = channels;

        KerasLayer stem = conv("conv", 3, 2);
        double alpha = stem.intOf("filters") / 32.0;
        if (MobileNetV1.stemWidth(alpha) != stem.intOf("filters")) throw fail(stem, "has " + stem.intOf("filters") + " filters, not 32 x a width multiplier");
        batchNormAndActivation("bn");
        boolean original = true;
        for (int i = 0; i < MobileNetV1.blocks(); i++) {
            String p = "b" + (i + 1) + ".";
            depthwise(p + "dw", MobileNetV1.blockStride(i));
            boolean dwBn = peek().className().equals("BatchNormalization");
            if (i == 0) original = dwBn;
            if (dwBn != original) throw fail(peek(), "breaks the block pattern: block 1 " + (original ? "has" : "has no") + " depthwise batch norm");
            if (dwBn) batchNormAndActivation(p + "dw_bn");
            KerasLayer pw = conv(p + "pw", 1, 1);
            int expected = MobileNetV1.blockWidth(i, alpha);
            if (pw.intOf("filters") != expected) {
                throw fail(pw, "has " + pw.intOf("filters") + " filters; MobileNetV1 at width " + alpha + " has " + expected + " in block " + (i + 1));
            }
            batchNormAndActivation(p + "pw_bn");
        }
        head();
        if (at < layers.size()) throw fail(layers.get(at), "comes after the classifier");

        options.put("alpha", Double.toString(alpha));
        if (!original) options.put("block", "quant-friendly");
        options.put("channels", Integer.toString(inputChannels));
        options.put("size", Integer.toString(input.config().path("batch_input_shape").get(1).asInt()));
        if (Boolean.TRUE.equals(bias)) options.put("bias", "true");
        if (Boolean.TRUE.equals(same)) options.put("padding", "same");
        if (relu6 != null && relu6 != original) options.put("relu6", relu6.toString());
        if (eps != null && eps != lowbit.model.graph.BatchNorm.DEFAULT_EPS) options.put("bn-eps", Double.toString(eps));
        boolean applications = layers.stream().anyMatch(l -> l.name().equals("conv_preds") || l.name().equals("conv1_bn"));
        return new Mapped(options, values, applications);
    }

    /** Functional models must be one chain: every layer reads the one before it. */
    private void requireChain() {
        for (int i = 1; i < layers.size(); i++) {
            KerasLayer l = layers.get(i);
            if (!l.inputs().isEmpty() && !l.inputs().equals(List.of(layers.get(i - 1).name()))) {
                throw fail(l, "reads " + l.inputs() + ", not the layer before it: lowbit's MobileNetV1 is a chain of layers");
            }
        }
    }

    private KerasLayer conv(String node, int kernel, int stride) {
        KerasLayer l = windowed("Conv2D", node, kernel, stride);
        if (l.intOf("groups") > 1) throw fail(l, "is a grouped convolution");
        if (!l.text("activation").equals("linear")) throw fail(l, "applies activation '" + l.text("activation") + "' itself");
        KerasLayer.KerasWeight k = l.weight("kernel");
        int in = k.shape()[2];
        int out = k.shape()[3];
        if (in != channels) throw fail(l, "reads " + in + " channels, the layer before gives " + channels);
        values.put(node + "/W", ohwiFromHwio(k, kernel, in, out));
        biasOf(l, node, out);
        channels = out;
        return l;
    }

    private void depthwise(String node, int stride) {
        KerasLayer l = windowed("DepthwiseConv2D", node, 3, stride);
        if (l.config().path("depth_multiplier").asInt(1) != 1) throw fail(l, "has depth multiplier " + l.config().path("depth_multiplier"));
        if (!l.text("activation").equals("linear")) throw fail(l, "applies activation '" + l.text("activation") + "' itself");
        KerasLayer.KerasWeight k = l.weight("depthwise_kernel");
        if (k.shape()[2] != channels) throw fail(l, "reads " + k.shape()[2] + " channels, the layer before gives " + channels);
        values.put(node + "/W", k.values()); // Keras (kh, kw, C, 1) is lowbit's depthwise layout
        biasOf(l, node, channels);
    }

    /** A Conv2D or DepthwiseConv2D with its padding (a ZeroPadding2D before it, or same / valid), checked and recorded. */
    private KerasLayer windowed(String className, String node, int kernel, int stride) {
        Padding explicit = null;
        if (peek().className().equals("ZeroPadding2D")) explicit = zeroPadding(next("ZeroPadding2D"));
        KerasLayer l = next(className);
        if (!l.square("kernel_size") || l.intOf("kernel_size") != kernel) throw fail(l, "has kernel " + l.config().path("kernel_size") + "; lowbit's MobileNetV1 has " + kernel + "x" + kernel + " there");
        if (!l.square("strides") || l.intOf("strides") != stride) throw fail(l, "has strides " + l.config().path("strides") + "; lowbit's MobileNetV1 has " + stride + " there");
        if (l.intOf("dilation_rate") != 1) throw fail(l, "is dilated");
        if (!l.text("data_format").equals("channels_last")) throw fail(l, "has data_format " + l.text("data_format") + " (channels_last only)");
        Padding p = switch (l.text("padding")) {
            case "same" -> Padding.same(height, width, kernel, stride);
            case "valid" -> Padding.NONE;
            default -> throw fail(l, "has padding '" + l.text("padding") + "'");
        };
        if (explicit != null) {
            if (!p.equals(Padding.NONE)) throw fail(l, "pads again after a ZeroPadding2D");
            p = explicit;
        }
        Padding sameP = Padding.same(height, width, kernel, stride);
        Padding symmetric = Padding.symmetric(kernel / 2);
        boolean isSame = p.equals(sameP);
        boolean isSymmetric = p.equals(symmetric);
        if (!isSame && !isSymmetric) throw fail(l, "pads " + p + "; lowbit's MobileNetV1 pads as TensorFlow's same " + sameP + " or by k/2 all round");
        if (isSame != isSymmetric) {
            if (same != null && same != isSame) throw fail(l, "pads " + (isSame ? "as TensorFlow's same" : "symmetrically") + ", unlike the layers before");
            same = isSame;
        }
        height = (height + p.top() + p.bottom() - kernel) / stride + 1;
        width = (width + p.left() + p.right() - kernel) / stride + 1;
        return l;
    }

    private Padding zeroPadding(KerasLayer l) {
        com.fasterxml.jackson.databind.JsonNode pad = l.config().path("padding");
        if (pad.isInt()) return Padding.symmetric(pad.asInt());
        if (pad.size() == 2 && pad.get(0).isArray()) {
            return new Padding(pad.get(0).get(0).asInt(), pad.get(1).get(0).asInt(), pad.get(0).get(1).asInt(), pad.get(1).get(1).asInt());
        }
        if (pad.size() == 2) return new Padding(pad.get(0).asInt(), pad.get(1).asInt(), pad.get(0).asInt(), pad.get(1).asInt());
        throw fail(l, "has padding " + pad);
    }

    private void biasOf(KerasLayer l, String node, int out) {
        boolean has = l.config().path("use_bias").asBoolean(false);
        if (bias != null && bias != has) throw fail(l, (has ? "has" : "has no") + " bias, unlike the convolutions before it");
        bias = has;
        if (has) {
            KerasLayer.KerasWeight b = l.weight("bias");
            if (b.values().length != out) throw fail(l, "has " + b.values().length + " biases for " + out + " outputs");
            values.put(node + "/b", b.values());
        }
    }

    private void batchNormAndActivation(String node) {
        KerasLayer bn = next("BatchNormalization");
        com.fasterxml.jackson.databind.JsonNode axis = bn.config().path("axis");
        int a = axis.isArray() ? axis.get(0).asInt() : axis.asInt();
        if (a != 3 && a != -1) throw fail(bn, "normalizes axis " + axis + ", not the channels");
        if (!bn.config().path("center").asBoolean(true) || !bn.config().path("scale").asBoolean(true)) throw fail(bn, "has no beta or no gamma");
        double e = bn.config().path("epsilon").asDouble();
        if (eps != null && Math.abs(eps - e) > 1e-12) throw fail(bn, "has epsilon " + e + ", unlike the batch norms before it (" + eps + ")");
        eps = e;
        for (String[] w : new String[][] {{"gamma", "gamma"}, {"beta", "beta"}, {"moving_mean", "mean"}, {"moving_variance", "var"}}) {
            float[] v = bn.weight(w[0]).values();
            if (v.length != channels) throw fail(bn, w[0] + " has " + v.length + " values for " + channels + " channels");
            values.put(node + "/" + w[1], v);
        }
        KerasLayer act = next(null);
        boolean six = switch (act.className()) {
            case "ReLU" -> {
                double max = act.config().path("max_value").asDouble(Double.NaN);
                if (act.config().path("negative_slope").asDouble(0) != 0 || act.config().path("threshold").asDouble(0) != 0) {
                    throw fail(act, "is a leaky or thresholded ReLU");
                }
                if (Double.isNaN(max)) yield false;
                if (max == 6) yield true;
                throw fail(act, "clips at " + max + " (ReLU or ReLU6 only)");
            }
            case "Activation" -> switch (act.text("activation")) {
                case "relu" -> false;
                case "relu6" -> true;
                default -> throw fail(act, "is activation '" + act.text("activation") + "' (ReLU or ReLU6 only)");
            };
            default -> throw fail(act, "follows a batch norm where ReLU or ReLU6 is expected");
        };
        if (relu6 != null && relu6 != six) throw fail(act, "is " + (six ? "ReLU6" : "ReLU") + ", unlike the activations before it");
        relu6 = six;
    }

    private void head() {
        KerasLayer pool = next(null);
        switch (pool.className()) {
            case "GlobalAveragePooling2D" -> { }
            case "AveragePooling2D" -> {
                if (!pool.square("pool_size") || pool.intOf("pool_size") != height || height != width || !pool.text("padding").equals("valid")) {
                    throw fail(pool, "pools " + pool.config().path("pool_size") + " over a " + height + "x" + width
                            + " map: lowbit's MobileNetV1 averages the whole map");
                }
            }
            default -> throw fail(pool, "is where the global average pool is expected");
        }
        while (at < layers.size() && List.of("Reshape", "Dropout", "Flatten").contains(peek().className())) at++;
        KerasLayer classifier = next(null);
        int classes;
        float[] w;
        if (classifier.className().equals("Dense")) {
            KerasLayer.KerasWeight k = classifier.weight("kernel");
            if (k.shape()[0] != channels) throw fail(classifier, "reads " + k.shape()[0] + " features, the pool gives " + channels);
            classes = k.shape()[1];
            w = transpose(k.values(), channels, classes);
            String act = classifier.text("activation");
            if (!act.equals("softmax") && !act.equals("linear")) throw fail(classifier, "applies '" + act + "' (softmax or linear only)");
        } else if (classifier.className().equals("Conv2D") && classifier.intOf("kernel_size") == 1) {
            KerasLayer.KerasWeight k = classifier.weight("kernel");
            if (k.shape()[2] != channels) throw fail(classifier, "reads " + k.shape()[2] + " channels, the pool gives " + channels);
            classes = k.shape()[3];
            w = transpose(k.values(), channels, classes);
        } else {
            throw fail(classifier, "is where the classifier (Dense, or a 1x1 Conv2D) is expected");
        }
        if (!classifier.config().path("use_bias").asBoolean(false)) throw fail(classifier, "has no bias; lowbit's classifier has one");
        values.put("fc/W", w);
        values.put("fc/b", classifier.weight("bias").values());
        options.put("classes", Integer.toString(classes));
        while (at < layers.size()) {
            KerasLayer l = peek();
            boolean softmax = l.className().equals("Softmax") || (l.className().equals("Activation") && l.text("activation").equals("softmax"));
            if (!l.className().equals("Reshape") && !softmax) break;
            at++;
        }
    }

    /** Keras (kh, kw, in, out) to lowbit's [out, in, kh, kw]. */
    private static float[] ohwiFromHwio(KerasLayer.KerasWeight k, int kernel, int in, int out) {
        float[] src = k.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < kernel; y++) {
            for (int x = 0; x < kernel; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * kernel + y) * kernel + x] = src[((y * kernel + x) * in + i) * out + o];
                    }
                }
            }
        }
        return dst;
    }

    /** An [in, out] matrix as [out, in]. */
    private static float[] transpose(float[] m, int in, int out) {
        float[] t = new float[m.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) t[o * in + i] = m[i * out + o];
        }
        return t;
    }

    private KerasLayer peek() {
        if (at >= layers.size()) throw new ImportError("the model ends after " + layers.get(layers.size() - 1).describe() + " before its classifier");
        return layers.get(at);
    }

    /** The next layer, which must be of {@code className} (null: any). */
    private KerasLayer next(String className) {
        KerasLayer l = peek();
        if (className != null && !l.className().equals(className)) {
            throw fail(l, "is where a " + className + " of MobileNetV1 is expected (layer " + (at + 1) + " of " + layers.size() + ")");
        }
        at++;
        return l;
    }

    private static ImportError fail(KerasLayer l, String why) {
        return new ImportError("layer " + l.describe() + " does not map onto lowbit's MobileNetV1: it " + why);
    }
}
