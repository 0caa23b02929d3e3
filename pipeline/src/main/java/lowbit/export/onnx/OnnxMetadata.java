package lowbit.export.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.data.read.Normalization;
import lowbit.ptq.QuantizationPlan;

/**
 * What an exported ONNX file says about itself in {@code metadata_props}: how to scale the input, the class names, and
 * the quantization it was made with (so that {@code export --verify} can check it compares like with like).
 *
 * @param classes           class names in output order
 * @param normalization     the input scaling lowbit applied in training ({@link Normalization#UNIT}: pixel / 255)
 * @param normalizationName the training's {@code lowbit.train.normalization}: unit or dataset
 * @param activations       how activations were quantized, e.g. "8-bit activations, minmax ranges from ...", or null for float
 */
public record OnnxMetadata(List<String> classes, Normalization normalization, String normalizationName, int activationBits,
                           String activations) {
    public static final String PREFIX = "lowbit.";
    public static final String CLASSES = PREFIX + "classes";
    public static final String INPUT = PREFIX + "input";
    public static final String NORMALIZATION = PREFIX + "input.normalization";
    public static final String MEAN = PREFIX + "input.mean";
    public static final String STD = PREFIX + "input.std";
    public static final String WEIGHT_BITS = PREFIX + "weight_bits";
    public static final String PER_CHANNEL = PREFIX + "per_channel";
    public static final String SCALE_RULE = PREFIX + "scale_rule";
    public static final String FOLDED = PREFIX + "batch_norm_folded";
    public static final String ACTIVATION_BITS = PREFIX + "activation_bits";
    public static final String ACTIVATIONS = PREFIX + "activations";

    private static final ObjectMapper JSON = new ObjectMapper();

    public OnnxMetadata {
        classes = List.copyOf(classes);
    }

    /** Classes named by their index, for exports made without a dataset. */
    public static List<String> indexNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) names.add(Integer.toString(i));
        return names;
    }

    /** The {@code metadata_props} of a file quantized by {@code plan}, in a fixed order. */
    public Map<String, String> props(QuantizationPlan plan) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(INPUT, normalization.mean() == null
                ? "float32 NCHW, x = pixel / 255"
                : "float32 NCHW, x = (pixel / 255 - mean[c]) / std[c]");
        m.put(NORMALIZATION, normalizationName);
        if (normalization.mean() != null) {
            m.put(MEAN, json(normalization.mean()));
            m.put(STD, json(normalization.std()));
        }
        m.put(CLASSES, json(classes));
        m.put(WEIGHT_BITS, weightBits(plan));
        m.put(PER_CHANNEL, Boolean.toString(plan.perChannel()));
        m.put(SCALE_RULE, plan.scaleRule().toString());
        m.put(FOLDED, Boolean.toString(plan.foldBatchNorm()));
        m.put(ACTIVATION_BITS, Integer.toString(activationBits));
        if (activations != null) m.put(ACTIVATIONS, activations);
        return m;
    }

    /** The plan's bit width when uniform, else the distinct widths joined by commas. */
    static String weightBits(QuantizationPlan plan) {
        TreeSet<Integer> bits = new TreeSet<>(plan.bitsByView().values());
        return bits.size() == 1 ? bits.first().toString() : String.join(",", bits.stream().map(String::valueOf).toList());
    }

    /** The class names a file records, if it is a lowbit file. */
    public static Optional<List<String>> classes(Map<String, String> props) {
        String v = props.get(CLASSES);
        if (v == null) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(v, new TypeReference<List<String>>() { }));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o instanceof double[] d ? Arrays.stream(d).boxed().toList() : o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
