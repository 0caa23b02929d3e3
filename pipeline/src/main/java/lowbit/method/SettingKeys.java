package lowbit.method;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lowbit.config.ConfigError;
import lowbit.config.NameValuePairs;
import lowbit.model.graph.LayerSettings;
import lowbit.quant.BitWidth;
import lowbit.quant.ScaleRule;

/** Reads one method section's keys with errors that name the key: {@code lowbit.train.<method>.<key>}. */
public record SettingKeys(Config section, String path) {

    /** The section {@code lowbit.train.<method>} of {@code train}. */
    public static SettingKeys of(Config train, String method) {
        return new SettingKeys(train.getConfig(method), "lowbit.train." + method);
    }

    public String key(String key) {
        return path + "." + key;
    }

    public double atLeastZero(String key) {
        double v = section.getDouble(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigError(key(key) + " must be finite and >= 0, got " + v);
        }
        return v;
    }

    public double positive(String key) {
        double v = section.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigError(key(key) + " must be finite and > 0, got " + v);
        }
        return v;
    }

    public int nonNegativeInt(String key) {
        int v = section.getInt(key);
        if (v < 0) {
            throw new ConfigError(key(key) + " must be >= 0, got " + v);
        }
        return v;
    }

    /** One of {@code allowed}, as written. */
    public String oneOf(String key, String... allowed) {
        String v = section.getString(key);
        if (!List.of(allowed).contains(v)) {
            throw new ConfigError(key(key) + " must be one of " + List.of(allowed) + ", not '" + v + "'");
        }
        return v;
    }

    /** One of {@code allowed} as the enum constant of the same name ({@code group-l0}: {@code GROUP_L0}). */
    public <E extends Enum<E>> E oneOf(String key, Class<E> type, String... allowed) {
        return Enum.valueOf(type, oneOf(key, allowed).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean flag(String key) {
        return section.getBoolean(key);
    }

    /** {@code bits} with the per-layer overrides of {@code layer-bits}. */
    public LayerSettings<Integer> layerBits() {
        int bits = section.getInt("bits");
        if (bits < BitWidth.MIN || bits > BitWidth.MAX) {
            throw new ConfigError(key("bits") + " must be in " + BitWidth.MIN + ".." + BitWidth.MAX + ", got " + bits);
        }
        Map<String, Integer> perLayer = NameValuePairs.layerBits(section.getStringList("layer-bits"), key("layer-bits"));
        return new LayerSettings<>(bits, perLayer);
    }

    /** The layers a sparsity method acts on ({@code layers}) and, in a group mode, its {@code groups}. */
    public WeightLayers weightLayers(String modeKey, boolean grouped) {
        return new WeightLayers(path, modeKey, section.getStringList("layers"),
                grouped ? oneOf("groups", WeightLayers.Groups.class, "input", "output") : null);
    }

    /** {@code lowbit.train.weight-scale} of {@code train}: how every weight grid's scale is chosen. */
    public static ScaleRule weightScale(Config train) {
        try {
            return ScaleRule.of(train.getString("weight-scale"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("lowbit.train.weight-scale: " + e.getMessage());
        }
    }

    /** A number as a summary writes it: 3000 rather than 3000.0, 0.000001 rather than 1.0E-6. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString() : Double.toString(v);
    }
}
