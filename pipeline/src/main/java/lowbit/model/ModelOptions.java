package lowbit.model;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** String options of a zoo model (from a config file), read with defaults; unread keys are reported as typos. */
public final class ModelOptions {

    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    public ModelOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public long getLong(String key, long fallback) {
        String v = take(key);
        return v == null ? fallback : number(key, v, Long::parseLong);
    }

    public int getInt(String key, int fallback) {
        String v = take(key);
        return v == null ? fallback : number(key, v, Integer::parseInt);
    }

    public double getDouble(String key, double fallback) {
        String v = take(key);
        return v == null ? fallback : number(key, v, Double::parseDouble);
    }

    private static <T> T number(String key, String v, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + " must be a number, not '" + v + "'");
        }
    }

    public String getString(String key, String fallback) {
        String v = take(key);
        return v == null ? fallback : v.trim();
    }

    /** true or false (case-insensitive); anything else is an error naming the key. */
    public boolean getBoolean(String key, boolean fallback) {
        String v = take(key);
        if (v == null) return fallback;
        if (v.trim().equalsIgnoreCase("true")) return true;
        if (v.trim().equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("model option " + key + " must be true or false, not '" + v + "'");
    }

    /** An enum constant by name, case-insensitive, '-' read as '_' (e.g. "quant-friendly"). */
    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E fallback) {
        String v = take(key);
        return v == null ? fallback : Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The input shape, classes and hidden activation, with the model's defaults. */
    public ModelSpec spec(int channels, int height, int width, int classes) {
        int size = getInt("size", -1);
        return ModelSpec.of(getLong("seed", 0), getInt("channels", channels),
                getInt("height", size > 0 ? size : height), getInt("width", size > 0 ? size : width), getInt("classes", classes))
                .withActivation(getEnum("activation", HiddenActivation.class, HiddenActivation.DEFAULT));
    }

    public void requireAllRead(String model) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) throw new IllegalArgumentException("unknown options for " + model + ": " + unknown);
    }

    private String take(String key) {
        read.add(key);
        return values.get(key);
    }
}
