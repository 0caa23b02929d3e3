package lowbit.export.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import lowbit.BuildInfo;
import lowbit.LowbitException;
import lowbit.model.graph.Activation;
import lowbit.model.graph.Add;
import lowbit.model.graph.Average;
import lowbit.model.graph.AvgPool;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.ConcatChannels;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.Depthwise;
import lowbit.model.graph.FirstChannels;
import lowbit.model.graph.Flatten;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.MaxPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import lowbit.model.graph.Noise;
import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Op;
import lowbit.model.graph.Padding;
import lowbit.model.graph.ParamView;
import lowbit.model.graph.Shape;
import lowbit.model.graph.SoftmaxOutput;
import lowbit.model.graph.Subsample;
import lowbit.model.graph.Zeros;
import lowbit.ptq.CalibratedActivations;
import lowbit.ptq.QuantizedModel;
import lowbit.ptq.QuantizedTensor;
import lowbit.quant.AsymmetricQuantizer;

import static lowbit.export.onnx.OnnxGraphBuilder.integer;
import static lowbit.export.onnx.OnnxGraphBuilder.ints;
import static lowbit.export.onnx.OnnxGraphBuilder.real;
import static lowbit.export.onnx.OnnxGraphBuilder.tensor;

/**
 * Builds the ONNX {@link ModelProto} of a post-training quantized model from its engine-neutral graph: every node of the
 * {@link ModelGraph} becomes ONNX operators (docs/guide/export-and-report-layers.md#onnx has the table), quantized
 * weights are INT2 / INT4 / INT8 initializers with float scales per output channel (or one per tensor) and zero point
 * 0 that a {@code DequantizeLinear} on axis 0 turns into the floats lowbit computes with, batch norms folded by the PTQ
 * are folded into the convolution's bias here too, and activations get uint8 {@code QuantizeLinear} /
 * {@code DequantizeLinear} pairs on lowbit's calibrated grids when asked. It reads only the graph, the flat
 * parameters and the quantization results, never an engine.
 *
 * <p>Graph input {@code input}: the float NCHW batch exactly as lowbit's network receives it (pixels / 255, then the
 * per-channel mean and std when the model was trained with dataset normalization; the metadata records which).
 * Outputs {@code probabilities} (softmax) and {@code logits}.
 */
public final class OnnxModelWriter {
    public static final String INPUT = "input";
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    /** Opset and IR version of files without INT2 tensors (INT4 arrived with opset 21, IR version 10). */
    public static final int OPSET = 21;
    public static final long IR_VERSION = 10;
    /** Opset and IR version of files with INT2 tensors (INT2 arrived with opset 25, IR version 13). */
    public static final int OPSET_INT2 = 25;
    public static final long IR_VERSION_INT2 = 13;

    private final ModelGraph graph;
    private final QuantizedModel quantized;
    private final Map<String, ParamView> views = new HashMap<>();
    private final Map<String, BatchNormFold> foldedByLayer = new HashMap<>();
    private final Map<String, BatchNormFold> foldedByBatchNorm = new HashMap<>();
    private final CalibratedActivations activations;
    private final OnnxGraphBuilder onnx;
    /** The ONNX tensor holding each node's value as its consumers read it (after any activation quantization). */
    private final Map<String, String> value = new HashMap<>();
    private final Map<String, String> shared = new HashMap<>();
    private final String logitsNode;

    private OnnxModelWriter(ModelGraph graph, QuantizedModel quantized, boolean foldBatchNorm, CalibratedActivations activations,
                            String name) {
        this.graph = graph;
        this.quantized = quantized;
        this.activations = activations;
        this.onnx = new OnnxGraphBuilder(name);
        graph.trainableViews().forEach(v -> views.put(v.name(), v));
        graph.stateViews().forEach(v -> views.put(v.name(), v));
        if (foldBatchNorm) {
            for (BatchNormFold f : graph.foldableBatchNorms()) {
                foldedByLayer.put(f.layer(), f);
                foldedByBatchNorm.put(f.batchNorm(), f);
            }
        }
        Node out = graph.output();
        logitsNode = out.op() instanceof SoftmaxOutput ? out.inputs().get(0) : out.name();
        if (activations != null) {
            Set<String> nodes = new HashSet<>();
            graph.nodes().forEach(n -> nodes.add(n.name()));
            for (String t : activations.tensors()) {
                if (!nodes.contains(t)) throw new IllegalArgumentException("calibrated activation " + t + " is not a node of the graph");
                if (activations.quantizer(t).bits() != 8) {
                    throw new LowbitException("ONNX export quantizes activations to 8 bits only (uint8 QuantizeLinear), not "
                            + activations.quantizer(t).bits());
                }
            }
        }
    }

    /**
     * @param graph         the model's graph
     * @param quantized     its post-training quantization (the flat parameters and state the network computes with)
     * @param foldBatchNorm whether the quantization folded the graph's foldable batch norms
     * @param activations   8-bit activation grids of lowbit's PTQ (one per tensor lowbit quantizes), or null for float activations
     * @param metadata      the model's {@code metadata_props}, in order
     * @throws LowbitException for a graph ONNX cannot reproduce (EnResNet's random noise at inference)
     */
    public static OnnxModel build(ModelGraph graph, QuantizedModel quantized, boolean foldBatchNorm,
                                  CalibratedActivations activations, Map<String, String> metadata) {
        OnnxModelWriter w = new OnnxModelWriter(graph, quantized, foldBatchNorm, activations, "lowbit");
        w.emitGraph();
        boolean int2 = w.onnx.usesInt2();
        int opset = int2 ? OPSET_INT2 : OPSET;
        long ir = int2 ? IR_VERSION_INT2 : IR_VERSION;
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(ir).setProducerName("lowbit")
                .setProducerVersion(BuildInfo.lowbitVersion())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(w.onnx.build());
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return new OnnxModel(m.build(), opset, ir, w.onnx.payloadBytes());
    }

    private void emitGraph() {
        Shape in = graph.inputShape();
        onnx.reserve(INPUT, LOGITS, PROBABILITIES);
        onnx.floatInput(INPUT, in.dims());
        publish(graph.nodes().get(0), INPUT);
        for (Node n : graph.nodes()) {
            if (!n.isInput()) emit(n);
        }
        String logits = value.get(logitsNode);
        if (!logits.equals(LOGITS)) onnx.node("Identity", LOGITS, List.of(logits));
        onnx.node("Softmax", PROBABILITIES, List.of(LOGITS), integer("axis", 1));
        onnx.floatOutput(PROBABILITIES, graph.classes());
        onnx.floatOutput(LOGITS, graph.classes());
    }

    private void emit(Node n) {
        List<String> in = new ArrayList<>();
        for (String i : n.inputs()) in.add(value.get(i));
        Op op = n.op();
        if (op instanceof Conv || op instanceof Depthwise) {
            if (!foldedByLayer.containsKey(n.name())) publish(n, conv(n, in.get(0), outName(n), bias(n.name(), null)));
            // a folded convolution is emitted at its batch norm, with the folded bias
        } else if (op instanceof BatchNorm bn) {
            BatchNormFold fold = foldedByBatchNorm.get(n.name());
            if (fold != null) {
                Node layer = graph.node(fold.layer());
                publish(n, conv(layer, value.get(layer.inputs().get(0)), outName(n), bias(layer.name(), n.name())));
            } else {
                String p = n.name() + "/";
                publish(n, onnx.node("BatchNormalization", outName(n), List.of(in.get(0), param(p + "gamma"), param(p + "beta"),
                        param(p + "mean"), param(p + "var")), real("epsilon", (float) bn.eps())));
            }
        } else if (op instanceof Activation a) {
            publish(n, activation(a.function(), in.get(0), outName(n)));
        } else if (op instanceof MaxPool p) {
            publish(n, onnx.node("MaxPool", outName(n), in, ints("kernel_shape", p.size(), p.size()), ints("strides", p.size(), p.size())));
        } else if (op instanceof AvgPool p) {
            publish(n, onnx.node("AveragePool", outName(n), in, ints("kernel_shape", p.kernel(), p.kernel()),
                    ints("strides", p.stride(), p.stride())));
        } else if (op instanceof Subsample s) {
            // x[:, :, ::s, ::s]: a 1x1 window at stride s, ceil(H / s) rows
            publish(n, onnx.node("MaxPool", outName(n), in, ints("kernel_shape", 1, 1), ints("strides", s.stride(), s.stride())));
        } else if (op instanceof GlobalAvgPool) {
            String pooled = onnx.node("GlobalAveragePool", n.name() + "/pooled", in);
            publish(n, onnx.node("Flatten", outName(n), List.of(pooled), integer("axis", 1)));
        } else if (op instanceof Flatten) {
            publish(n, graph.shape(n.inputs().get(0)).isImage() ? onnx.node("Flatten", outName(n), in, integer("axis", 1)) : in.get(0));
        } else if (op instanceof Dense d) {
            String x = in.get(0);
            if (graph.shape(n.inputs().get(0)).isImage()) x = onnx.node("Flatten", n.name() + "/flat", List.of(x), integer("axis", 1));
            boolean linear = d.function() == Nonlinearity.IDENTITY;
            String gemm = onnx.node("Gemm", linear ? outName(n) : n.name() + "/linear",
                    List.of(x, weight(n.name() + "/W"), param(n.name() + "/b")), integer("transB", 1));
            publish(n, linear ? gemm : activation(d.function(), gemm, outName(n)));
        } else if (op instanceof Add) {
            publish(n, onnx.node("Add", outName(n), in));
        } else if (op instanceof Average) {
            publish(n, onnx.node("Mean", outName(n), in));
        } else if (op instanceof Zeros) {
            String shape = onnx.node("Shape", n.name() + "/shape", in);
            TensorProto zero = TensorProto.newBuilder().setDataType(OnnxTypes.FLOAT).addDims(1)
                    .setRawData(ByteString.copyFrom(OnnxTypes.littleEndian(new float[] {0f}))).build();
            publish(n, onnx.node("ConstantOfShape", outName(n), List.of(shape), tensor("value", zero)));
        } else if (op instanceof FirstChannels f) {
            publish(n, onnx.node("Slice", outName(n), List.of(in.get(0), int64("channel_start", 0), int64("channel_end_" + f.count(), f.count()),
                    int64("channel_axis", 1))));
        } else if (op instanceof ConcatChannels) {
            publish(n, onnx.node("Concat", outName(n), in, integer("axis", 1)));
        } else if (op instanceof SoftmaxOutput) {
            value.put(n.name(), in.get(0)); // the logits; the Softmax is added at the end
        } else if (op instanceof Noise noise) {
            throw new LowbitException("cannot export node " + n.name() + " to ONNX: it adds random noise at inference (EnResNet's "
                    + "Feynman-Kac noise, scale " + noise.scale() + "), which an ONNX graph does not reproduce");
        } else {
            throw new IllegalStateException("no ONNX mapping for " + op);
        }
    }

    /** The name of a node's output tensor: {@code logits} for the logits if they are not quantized further. */
    private String outName(Node n) {
        return n.name().equals(logitsNode) && !isSite(n.name()) ? LOGITS : n.name();
    }

    private boolean isSite(String node) {
        return activations != null && activations.tensors().contains(node);
    }

    /** Records a node's value; a tensor lowbit quantizes goes through QuantizeLinear / DequantizeLinear on its grid first. */
    private void publish(Node n, String tensor) {
        if (!isSite(n.name())) {
            value.put(n.name(), tensor);
            return;
        }
        AsymmetricQuantizer q = activations.quantizer(n.name());
        String scale = onnx.floatScalar(n.name() + "/activation_scale", (float) q.step());
        String zero = onnx.uint8Scalar(n.name() + "/activation_zero_point", q.zeroPoint());
        String codes = onnx.node("QuantizeLinear", n.name() + "/quantized", List.of(tensor, scale, zero));
        String out = n.name().equals(logitsNode) ? LOGITS : n.name() + "/dequantized";
        value.put(n.name(), onnx.node("DequantizeLinear", out, List.of(codes, scale, zero)));
    }

    /** Conv for a {@link Conv} or {@link Depthwise} node (group = channels), weights dequantized from their codes. */
    private String conv(Node layer, String x, String out, String bias) {
        int kernel;
        int stride;
        int group;
        Padding pad;
        if (layer.op() instanceof Conv c) {
            kernel = c.kernel();
            stride = c.stride();
            pad = c.padding();
            group = 1;
        } else if (layer.op() instanceof Depthwise d) {
            kernel = d.kernel();
            stride = d.stride();
            pad = d.padding();
            group = d.channels();
        } else {
            throw new IllegalArgumentException(layer.name() + " is not a convolution");
        }
        List<String> inputs = new ArrayList<>(List.of(x, weight(layer.name() + "/W")));
        if (bias != null) inputs.add(bias);
        return onnx.node("Conv", out, inputs, ints("kernel_shape", kernel, kernel), ints("strides", stride, stride),
                ints("pads", pad.top(), pad.left(), pad.bottom(), pad.right()), integer("group", group));
    }

    /**
     * The bias a convolution adds: its own bias plus, when its batch norm is folded, the batch norm's folded beta
     * (the PTQ moved the conv's bias into beta and left 0 behind); null when there is neither.
     */
    private String bias(String layer, String foldedBatchNorm) {
        ParamView own = views.get(layer + "/b");
        if (foldedBatchNorm == null) return own == null ? null : param(own.name());
        float[] beta = read(views.get(foldedBatchNorm + "/beta"));
        if (own != null) {
            float[] b = read(own);
            for (int i = 0; i < beta.length; i++) beta[i] += b[i];
        }
        return onnx.floatTensor(layer + "/b_folded", new int[] {beta.length}, beta);
    }

    /** A weight in ONNX's layout: DequantizeLinear of its integer codes, or the float values if it was not quantized. */
    private String weight(String viewName) {
        ParamView v = views.get(viewName);
        QuantizedTensor q = quantized.quantized(viewName);
        int[] dims = onnxShape(v);
        if (q == null) return onnx.floatTensor(viewName, dims, toOnnxLayout(v, read(v)));
        int type = OnnxTypes.forWeightBits(q.bits());
        String codes = onnx.intTensor(viewName + "/codes", type, dims, toOnnxLayout(v, q.codes()));
        int[] scaleDims = q.scales().length == 1 ? new int[0] : new int[] {q.scales().length};
        if (q.scales().length != 1 && q.scales().length != dims[0]) {
            throw new IllegalStateException(viewName + ": " + q.scales().length + " scales for " + dims[0] + " output channels");
        }
        String scale = onnx.floatTensor(viewName + "/scale", scaleDims, q.scales());
        String zero = onnx.intTensor(viewName + "/zero_point", type, scaleDims, new int[q.scales().length]);
        return onnx.node("DequantizeLinear", viewName, List.of(codes, scale, zero), integer("axis", 0));
    }

    /** ONNX's weight shape: [out, in, kh, kw] for conv, [C * multiplier, 1, kh, kw] for depthwise, [out, in] for dense. */
    private static int[] onnxShape(ParamView v) {
        int[] s = v.shape();
        return switch (v.kind()) {
            case DEPTHWISE_WEIGHT -> new int[] {s[2] * s[3], 1, s[0], s[1]};
            default -> s;
        };
    }

    /** DL4J's depthwise [kh, kw, C, M] to ONNX's [C * M, 1, kh, kw] (output channel c * M + m); other views as they are. */
    static float[] toOnnxLayout(ParamView v, float[] values) {
        if (v.kind() != lowbit.model.graph.ParamKind.DEPTHWISE_WEIGHT) return values;
        int[] s = v.shape();
        float[] out = new float[values.length];
        for (int src = 0; src < values.length; src++) out[depthwiseTarget(s, src)] = values[src];
        return out;
    }

    static int[] toOnnxLayout(ParamView v, int[] values) {
        if (v.kind() != lowbit.model.graph.ParamKind.DEPTHWISE_WEIGHT) return values;
        int[] s = v.shape();
        int[] out = new int[values.length];
        for (int src = 0; src < values.length; src++) out[depthwiseTarget(s, src)] = values[src];
        return out;
    }

    private static int depthwiseTarget(int[] s, int src) {
        int kh = s[0];
        int kw = s[1];
        int c = s[2];
        int m = s[3];
        int mi = src % m;
        int ci = (src / m) % c;
        int j = (src / (m * c)) % kw;
        int i = src / (m * c * kw);
        return (((ci * m + mi) * kh) + i) * kw + j;
    }

    private String activation(Nonlinearity f, String x, String out) {
        return switch (f) {
            case IDENTITY -> onnx.node("Identity", out, List.of(x));
            case RELU -> onnx.node("Relu", out, List.of(x));
            case RELU6 -> onnx.node("Clip", out, List.of(x, sharedFloat("relu6_min", 0f), sharedFloat("relu6_max", 6f)));
            case BINARY_STEP -> {
                String positive = onnx.node("Greater", out + "/positive", List.of(x, sharedFloat("step_threshold", 0f)));
                yield onnx.node("Cast", out, List.of(positive), integer("to", OnnxTypes.FLOAT));
            }
        };
    }

    private String sharedFloat(String name, float v) {
        return shared.computeIfAbsent(name, k -> onnx.floatScalar(k, v));
    }

    private String int64(String name, long v) {
        return shared.computeIfAbsent(name, k -> onnx.int64Tensor(k, v));
    }

    /** A float parameter or batch-norm state view as an initializer of its own shape. */
    private String param(String viewName) {
        ParamView v = views.get(viewName);
        if (v == null) throw new IllegalStateException("the graph has no view " + viewName);
        if (quantized.quantized(viewName) != null) return weight(viewName);
        return onnx.floatTensor(viewName, v.shape(), read(v));
    }

    private float[] read(ParamView v) {
        boolean state = v.kind() == lowbit.model.graph.ParamKind.BN_MEAN || v.kind() == lowbit.model.graph.ParamKind.BN_VAR;
        return v.read(state ? quantized.batchNormState() : quantized.parameters());
    }
}
