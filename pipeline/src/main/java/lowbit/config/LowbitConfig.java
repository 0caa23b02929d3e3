package lowbit.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads HOCON configuration: built-in defaults, then a config file, then command-line {@code key=value}
 * overrides. Every key must exist in the defaults and keep its type, so a typo or a wrong type is an
 * error naming the key and where it was set.
 */
public final class LowbitConfig {
    public static final String DEFAULTS_RESOURCE = "lowbit-defaults.conf";
    /** Subtrees whose keys are free-form (passed through to Spark, Hadoop, ...). */
    private static final Set<String> OPEN_MAPS = Set.of("lowbit.spark.conf", "lowbit.vars");

    private LowbitConfig() {
    }

    public static Config defaults() {
        return ConfigFactory.parseResources(LowbitConfig.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /**
     * @param confFile  a HOCON file, or null
     * @param overrides {@code key=value} strings; keys without the {@code lowbit.} prefix are taken
     *                  relative to {@code lowbit.<section>}
     * @param section   the command's section, e.g. {@code shard}
     */
    public static Config load(Path confFile, List<String> overrides, String section) {
        Config user = ConfigFactory.empty();
        for (String override : overrides) {
            user = parseOverride(override, section).withFallback(user);
        }
        if (confFile != null) {
            if (!Files.isRegularFile(confFile)) {
                throw new ConfigError("config file not found: " + confFile);
            }
            try {
                user = user.withFallback(ConfigFactory.parseFile(confFile.toFile(),
                        ConfigParseOptions.defaults().setAllowMissing(false)));
            } catch (ConfigException e) {
                throw new ConfigError("cannot parse config file " + confFile + ": " + e.getMessage(), e);
            }
        }
        return validate(user);
    }

    /** Merges {@code user} over the defaults after checking every key and type. */
    public static Config validate(Config user) {
        Config defaults = defaults();
        rejectUnknownKeys(user, defaults);
        Config merged;
        try {
            merged = user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
        checkTypes(merged, defaults);
        return merged;
    }

    static Config parseOverride(String override, String section) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("expected key=value but got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        String path = qualify(key, section);
        try {
            return ConfigFactory.parseString(path + " = " + quoteIfNeeded(value),
                    ConfigParseOptions.defaults().setOriginDescription("command line '" + override + "'"));
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse command-line setting '" + override + "': " + e.getMessage(), e);
        }
    }

    public static String qualify(String key, String section) {
        return key.startsWith("lowbit.") ? key : "lowbit." + section + "." + key;
    }

    /** HOCON values such as 96x96 or /a/b:c parse as strings only when quoted. */
    private static String quoteIfNeeded(String value) {
        if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
            return value;
        }
        try {
            ConfigFactory.parseString("v = " + value).getValue("v");
            if (value.contains("/") || value.contains(":") || value.contains("#")) {
                return quote(value);
            }
            return value;
        } catch (ConfigException e) {
            return quote(value);
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void rejectUnknownKeys(Config user, Config defaults) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String path = entry.getKey();
            if (isInOpenMap(path) || defaults.hasPathOrNull(path)) {
                continue;
            }
            String where = entry.getValue().origin().description();
            String hint = closestKey(path, defaults);
            throw new ConfigError("unknown config key '" + path + "' (set at " + where + ")"
                    + (hint == null ? "" : "; did you mean '" + hint + "'?"));
        }
    }

    private static boolean isInOpenMap(String path) {
        return OPEN_MAPS.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "."));
    }

    private static void checkTypes(Config merged, Config defaults) {
        for (Map.Entry<String, ConfigValue> entry : defaults.entrySet()) {
            String path = entry.getKey();
            if (isInOpenMap(path)) {
                continue;
            }
            ConfigValueType expected = entry.getValue().valueType();
            try {
                switch (expected) {
                    case NUMBER -> merged.getDouble(path);
                    case BOOLEAN -> merged.getBoolean(path);
                    case LIST -> merged.getList(path);
                    case STRING -> {
                        ConfigValueType actual = merged.getValue(path).valueType();
                        if (actual == ConfigValueType.LIST || actual == ConfigValueType.OBJECT) {
                            throw new ConfigException.WrongType(merged.getValue(path).origin(), path, "STRING",
                                    actual.name());
                        }
                    }
                    default -> {
                    }
                }
            } catch (ConfigException e) {
                throw new ConfigError("config key '" + path + "' must be " + describe(expected) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static String describe(ConfigValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case LIST -> "a list";
            default -> "a string";
        };
    }

    private static String closestKey(String path, Config defaults) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : defaults.entrySet().stream().map(Map.Entry::getKey).toList()) {
            int d = editDistance(path, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, path.length() / 5) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Every key under {@code lowbit.<section>} with its default and its comment, for --help. */
    public static List<String> describeKeys(String section) {
        Config defaults = defaults();
        String prefix = "lowbit." + section;
        Map<String, ConfigValue> sorted = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            if (e.getKey().startsWith(prefix + ".")) {
                sorted.put(e.getKey().substring(prefix.length() + 1), e.getValue());
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : sorted.entrySet()) {
            String comment = String.join(" ", e.getValue().origin().comments()).trim();
            // without origin comments, which HOCON otherwise puts inside rendered lists
            lines.add("  " + e.getKey() + " = " + e.getValue().render(ConfigRenderOptions.concise()));
            if (!comment.isEmpty()) {
                lines.add("      " + comment);
            }
        }
        return lines;
    }
}
