package lowbit.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A config list of {@code name=value} entries (per-layer settings, model options), read in config order. */
public final class NameValuePairs {
    private NameValuePairs() {
    }

    /**
     * @param key the full config key, named in errors
     * @throws ConfigError naming the key and the entry that is not name=value or whose value does not parse
     */
    public static <T> Map<String, T> parse(List<String> entries, String key, Function<String, T> parseValue) {
        Map<String, T> out = new LinkedHashMap<>(); // in config order: the first matching layer pattern wins
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError(key + ": expected name=value, got '" + e + "'");
            }
            try {
                out.put(e.substring(0, eq).trim(), parseValue.apply(e.substring(eq + 1).trim()));
            } catch (IllegalArgumentException ex) { // NumberFormatException and a parser's own range checks
                throw new ConfigError(key + ": bad value in '" + e + "': " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** Per-layer bit widths ({@code b*.pw=4}), each in 1..8. */
    public static Map<String, Integer> layerBits(List<String> entries, String key) {
        return parse(entries, key, v -> lowbit.quant.BitWidth.require(Integer.parseInt(v)));
    }
}
