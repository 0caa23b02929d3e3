package lowbit.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import lowbit.model.graph.ModelGraph;

/**
 * The zoo's models by name from string options, for configuration files, as engine-neutral graphs: one line per model
 * (its default input and classes, and its class's {@code graph(ModelSpec, ModelOptions)}, which reads the model's own
 * options). Options of every model: seed (0), channels, height, width (or size for both), classes, activation
 * (default: the model's ReLU / ReLU6; binary: 1{x > 0} with the straight-through ReLU derivative in every hidden
 * layer). An option no model reads is an error naming it.
 */
public final class ModelZoo {

    /** A zoo model: its default input shape and classes, and how its graph is built from its options. */
    private record Entry(int channels, int height, int width, int classes, BiFunction<ModelSpec, ModelOptions, ModelGraph> graph) {
    }

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("lenet", new Entry(1, 28, 28, 10, LeNet::graph));
        MODELS.put("resnet20", new Entry(3, 32, 32, 10, ResNet20::graph));
        MODELS.put("preact-resnet20", new Entry(3, 32, 32, 10, PreActResNet20::graph));
        MODELS.put("enresnet20", new Entry(3, 32, 32, 10, EnResNet20::graph));
        MODELS.put("mobilenetv1", new Entry(1, 96, 96, 2, MobileNetV1::graph)); // the person-detection model
    }

    private static final List<String> NAMES = List.copyOf(MODELS.keySet());

    private ModelZoo() {
    }

    public static List<String> names() {
        return NAMES;
    }

    /** The graph of a zoo model; an unknown name or option is an error naming it. */
    public static ModelGraph graph(String name, Map<String, String> options) {
        ModelOptions o = new ModelOptions(options);
        ModelGraph graph = entry(name).graph().apply(spec(name, o), o);
        o.requireAllRead(name);
        return graph;
    }

    /** The seed, input shape and classes of a zoo model: the options, else the model's defaults. */
    public static ModelSpec spec(String name, ModelOptions o) {
        Entry e = entry(name);
        return o.spec(e.channels(), e.height(), e.width(), e.classes());
    }

    private static Entry entry(String name) {
        Entry e = MODELS.get(name);
        if (e == null) {
            throw unknown(name);
        }
        return e;
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

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown model " + name + "; known: " + NAMES);
    }
}
