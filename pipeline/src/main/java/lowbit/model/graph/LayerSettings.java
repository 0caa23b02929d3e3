package lowbit.model.graph;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A per-layer override map with a default, e.g. bits 2 with {@code "conv" -> 8, "b*.dw" -> 8}. Keys are layer names
 * (a weight view's name before its last '/') or glob patterns ({@code *} any run of characters, {@code ?} one): a
 * layer takes the value of its exact name, else of the first pattern (in the map's order) that matches it, else the
 * default. {@link #requireKnown} rejects keys that match no layer of the model, so a typo never passes silently.
 */
public record LayerSettings<T extends Serializable>(T fallback, Map<String, T> perLayer) implements Serializable {
    public LayerSettings {
        perLayer = Collections.unmodifiableMap(new LinkedHashMap<>(perLayer));
    }

    /** Every layer at {@code value}. */
    public static <T extends Serializable> LayerSettings<T> uniform(T value) {
        return new LayerSettings<>(value, Map.of());
    }

    public T of(ParamView view) {
        return of(view.layer());
    }

    public T of(String layer) {
        T exact = perLayer.get(layer);
        if (exact != null) return exact;
        for (Map.Entry<String, T> e : perLayer.entrySet()) {
            if (matches(e.getKey(), layer)) return e.getValue();
        }
        return fallback;
    }

    public boolean isUniform() {
        return perLayer.isEmpty();
    }

    /** The overrides as config entries, e.g. {@code ["conv=8", "b*.dw=8"]}, in their order. */
    public List<String> entries() {
        return perLayer.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The overrides as one line, e.g. {@code conv=8, b*.dw=8}. */
    public String describeOverrides() {
        return String.join(", ", entries());
    }

    /** @throws IllegalArgumentException naming {@code what} and the keys that match none of the weight layers */
    public void requireKnown(Iterable<ParamView> views, String what) {
        Set<String> layers = new TreeSet<>();
        for (ParamView v : views) {
            if (v.kind().isWeight()) {
                layers.add(v.layer());
            }
        }
        Set<String> unknown = perLayer.keySet().stream()
                .filter(key -> layers.stream().noneMatch(l -> l.equals(key) || matches(key, l)))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " names layers the model lacks " + unknown + "; weight layers: " + layers);
        }
    }

    /** Glob match of a whole layer name: {@code *} any run of characters, {@code ?} one character. */
    static boolean matches(String glob, String layer) {
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) return glob.equals(layer);
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("(?=[*?])|(?<=[*?])")) {
            regex.append(switch (literal) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(literal);
            });
        }
        return layer.matches(regex.toString());
    }
}
