package lowbit.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.ModelGraph;

/**
 * The zoo's models by name from string options, for configuration files, as engine-neutral graphs.
 * Options of every model: seed (0), channels, height, width (or size for both), classes, activation (default:
 * the model's ReLU / ReLU6; binary: 1{x > 0} with the straight-through ReLU derivative in every hidden layer).
 * Defaults: lenet 1x28x28, 10 classes; resnet20 / preact-resnet20 / enresnet20 3x32x32, 10 classes;
 * mobilenetv1 the person-detection model, 1x96x96, 2 classes.
 * Model options: mobilenetv1 alpha (0.25), block (original | quant-friendly), bias (false), padding (symmetric | same),
 * relu6 (true in the original block, false in the other), bn-eps (1e-5); preact-resnet20 and enresnet20 shortcut
 * (zero-pad | projection); enresnet20 members (2), noise (0.1).
 */
public final class ModelZoo {

    private static final List<String> NAMES = List.of("lenet", "resnet20", "preact-resnet20", "enresnet20", "mobilenetv1");

    private ModelZoo() {
    }

    public static List<String> names() {
        return NAMES;
    }

    /** The graph of a zoo model; an unknown name or option is an error naming it. */
    public static ModelGraph graph(String name, Map<String, String> options) {
        ModelOptions o = new ModelOptions(options);
        ModelSpec spec = spec(name, o);
        ModelGraph graph = switch (name) {
            case "lenet" -> LeNet.graph(spec);
            case "resnet20" -> ResNet20.graph(spec);
            case "preact-resnet20" -> PreActResNet20.graph(spec, o.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
            case "enresnet20" -> EnResNet20.graph(spec,
                    o.getInt("members", EnResNet20.DEFAULT_MEMBERS), o.getDouble("noise", EnResNet20.DEFAULT_NOISE),
                    o.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
            case "mobilenetv1" -> MobileNetV1.graph(spec, mobileNetOptions(o));
            default -> throw unknown(name);
        };
        o.requireAllRead(name);
        return graph;
    }

    /** The seed, input shape and classes of a zoo model: the options, else the model's defaults. */
    public static ModelSpec spec(String name, ModelOptions o) {
        return switch (name) {
            case "lenet" -> o.spec(1, 28, 28, 10);
            case "resnet20", "preact-resnet20", "enresnet20" -> o.spec(3, 32, 32, 10);
            case "mobilenetv1" -> o.spec(1, 96, 96, 2);
            default -> throw unknown(name);
        };
    }

    /**
     * A model's architecture text: its zoo name followed by its options as sorted key=value words, e.g.
     * {@code mobilenetv1 alpha=0.25 classes=2 seed=1}; what model files store and {@link #fromArchitecture} reads.
     */
    public static String architecture(String name, Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if ((e.getKey() + e.getValue()).chars().anyMatch(c -> Character.isWhitespace(c) || c == '=')) {
                throw new IllegalArgumentException("model option " + e.getKey() + "=" + e.getValue() + " has a space or '='");
            }
        }
        return new TreeMap<>(options).entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("", name, ""));
    }

    /** The zoo name and options of an {@link #architecture} text. */
    public record Architecture(String name, Map<String, String> options) {
        public ModelGraph graph() {
            return ModelZoo.graph(name, options);
        }
    }

    public static Architecture fromArchitecture(String text) {
        String[] words = text.trim().split("\\s+");
        Map<String, String> options = new TreeMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("not a zoo architecture: '" + text + "'");
            options.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        if (!NAMES.contains(words[0])) throw unknown(words[0]);
        return new Architecture(words[0], options);
    }

    private static MobileNetV1.Options mobileNetOptions(ModelOptions o) {
        SeparableBlock block = o.getEnum("block", SeparableBlock.class, SeparableBlock.ORIGINAL);
        String padding = o.getString("padding", "symmetric");
        if (!padding.equals("symmetric") && !padding.equals("same")) {
            throw new IllegalArgumentException("mobilenetv1 option padding must be symmetric or same, not '" + padding + "'");
        }
        return new MobileNetV1.Options(o.getDouble("alpha", MobileNetV1.DEFAULT_ALPHA), block, o.getBoolean("bias", false),
                padding.equals("same"), o.getBoolean("relu6", block == SeparableBlock.ORIGINAL), o.getDouble("bn-eps", BatchNorm.DEFAULT_EPS));
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown model " + name + "; known: " + NAMES);
    }
}
