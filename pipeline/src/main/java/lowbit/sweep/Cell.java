package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import lowbit.config.LowbitConfig;

/**
 * One experiment of a sweep: its grid assignment and its resolved config. The id is a hash of the
 * resolved experiment's settings that differ from lowbit's defaults (everything but the sweep's and
 * Spark's own settings), so the same experiment has the same id in every run, in every sweep, and after
 * an upgrade that adds a setting. A version that changes a default's value keeps the old value in {@link #ID_BASELINE}:
 * finished cells keep their ids, and a cell that relied on the old default gets a new one.
 */
public record Cell(String id, Map<String, Object> assignment, Config config) {

    public static Cell of(Map<String, Object> assignment, Config resolved) {
        return new Cell(idOf(resolved), assignment, resolved);
    }

    /** Part of every id: bump it only when the way ids are computed changes. */
    static final String ID_SCHEME = "non-default-settings/1";

    /** Defaults as they were when ids began: the engine was dl4j until torch became the default. */
    static final Map<String, Object> ID_BASELINE = Map.of("lowbit.train.engine", "dl4j");

    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
    private static final Config DEFAULTS = baseline(experiment(LowbitConfig.validate(ConfigFactory.empty())));

    private static Config baseline(Config defaults) {
        Config c = defaults;
        for (Map.Entry<String, Object> e : ID_BASELINE.entrySet()) c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        return c;
    }

    static String idOf(Config resolved) {
        return idOf(resolved, DEFAULTS);
    }

    static String idOf(Config resolved, Config defaults) {
        Config experiment = experiment(resolved);
        Map<String, String> changed = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : experiment.entrySet()) {
            String value = e.getValue().render(CONCISE);
            if (!defaults.hasPath(e.getKey()) || !defaults.getValue(e.getKey()).render(CONCISE).equals(value)) {
                changed.put(e.getKey(), value);
            }
        }
        for (Map.Entry<String, ConfigValue> e : experiment(defaults).entrySet()) {
            if (!experiment.hasPath(e.getKey())) changed.put(e.getKey(), "null");
        }
        StringBuilder text = new StringBuilder(ID_SCHEME);
        changed.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        return shortHash(text.toString(), 8);
    }

    private static Config experiment(Config config) {
        return config.withoutPath("lowbit.sweep").withoutPath("lowbit.spark");
    }

    /** The first {@code bytes} bytes of the text's SHA-256, in hex. */
    static String shortHash(String text, int bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String json() {
        return config.root().render(ConfigRenderOptions.concise());
    }

    public String describe() {
        StringBuilder s = new StringBuilder(id);
        assignment.forEach((k, v) -> s.append("  ").append(k).append('=').append(v));
        return s.toString();
    }
}
