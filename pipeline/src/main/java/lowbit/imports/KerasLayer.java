package lowbit.imports;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One layer of a Keras model as its HDF5 file describes it: class name (e.g. {@code Conv2D}), layer name, the layer's
 * {@code config} and the names of the layers it reads, and its weights by short name ({@code kernel}, {@code bias},
 * {@code depthwise_kernel}, {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance}).
 */
public record KerasLayer(String className, String name, JsonNode config, List<String> inputs, Map<String, KerasWeight> weights) {

    /** A weight tensor: its values in row-major order and its Keras shape (e.g. kh, kw, in, out for a kernel). */
    public record KerasWeight(float[] values, int[] shape) {
    }

    public String describe() {
        return className + " '" + name + "'";
    }

    /** An int option, or its first element when Keras writes a pair (kernel_size, strides, pool_size). */
    int intOf(String key) {
        JsonNode v = config.path(key);
        return v.isArray() ? v.get(0).asInt() : v.asInt();
    }

    /** Whether a pair option (kernel_size, strides, pool_size) has equal elements. */
    boolean square(String key) {
        JsonNode v = config.path(key);
        return !v.isArray() || v.size() < 2 || v.get(0).asInt() == v.get(1).asInt();
    }

    String text(String key) {
        return config.path(key).asText("");
    }

    KerasWeight weight(String shortName) {
        KerasWeight w = weights.get(shortName);
        if (w == null) throw new ImportError(describe() + " has no weight '" + shortName + "' (it has " + weights.keySet() + ")");
        return w;
    }
}
