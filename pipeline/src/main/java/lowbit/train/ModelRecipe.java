package lowbit.train;

import lowbit.config.ConfigError;
import lowbit.data.shard.Manifest;
import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.TrainableModel;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How to build the model anywhere (driver or executor): a zoo name and its string options, on an engine
 * ({@link Engines#NAMES}) with its intra-op threads (torch only; 0: OMP_NUM_THREADS, else every core).
 */
public record ModelRecipe(String name, Map<String, String> options, String engine, int engineThreads) implements Serializable {
    private static final java.util.Set<String> FROM_DATA_OR_SEED = java.util.Set.of("seed", "channels", "height", "width", "size", "classes");

    public ModelRecipe {
        options = Map.copyOf(options);
        if (!Engines.names().contains(engine)) {
            throw new IllegalArgumentException("unknown engine '" + engine + "'; known: " + Engines.names());
        }
    }

    /** On the DL4J engine. */
    public ModelRecipe(String name, Map<String, String> options) {
        this(name, options, Engines.DL4J, 0);
    }

    public Engine engineInstance() {
        return Engines.named(engine, engineThreads);
    }

    /**
     * The name with the options a user chose (not the seed or the data's shape and classes) and a non-default
     * engine, e.g. {@code mobilenetv1(alpha=0.25)} or {@code lenet [torch]}: tells sweep cells apart.
     */
    public String describe() {
        String shown = new TreeMap<>(options).entrySet().stream().filter(e -> !FROM_DATA_OR_SEED.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return (shown.isEmpty() ? name : name + "(" + shown + ")") + (engine.equals(Engines.DL4J) ? "" : " [" + engine + "]");
    }

    /**
     * This recipe with the dataset's image shape and class count as the options channels, height, width and
     * classes, where it does not set them; an option that disagrees with the data is a config error.
     */
    public ModelRecipe fittedTo(Manifest.Shape shape, int classes) {
        Map<String, String> fitted = new HashMap<>(options);
        fit(fitted, "classes", classes);
        if (shape != null) {
            fit(fitted, "channels", shape.channels());
            if (fitted.containsKey("size")) {
                fit(fitted, "size", shape.height());
                fit(fitted, "size", shape.width());
            } else {
                fit(fitted, "height", shape.height());
                fit(fitted, "width", shape.width());
            }
        }
        return new ModelRecipe(name, fitted, engine, engineThreads);
    }

    private static void fit(Map<String, String> options, String key, int value) {
        String given = options.putIfAbsent(key, Integer.toString(value));
        if (given != null && !given.trim().equals(Integer.toString(value))) {
            throw new ConfigError("lowbit.train.model.options sets " + key + "=" + given + " but the dataset's images have "
                    + key + " " + value);
        }
    }

    public TrainableModel build() {
        return engineInstance().zoo(name, options);
    }
}
