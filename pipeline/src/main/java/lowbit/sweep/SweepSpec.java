package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sweep: a base experiment (the config file's {@code lowbit.train} and the rest) and the cells its grid
 * expands to. Grid keys are relative to {@code lowbit.train} unless they start with {@code lowbit.}.
 * The reserved key {@code from} makes a cell build on another: {@code from { method = none, bits = null }}
 * names the cell whose assignment is this one's with those keys replaced (null: removed).
 */
public record SweepSpec(String name, String output, List<Cell> cells, Map<String, String> baseOf, int parallelCells,
                        boolean retryFailed) {

    public static final String SECTION = "train";
    private static final String FROM = "from";

    public static SweepSpec from(Config config, String defaultName) {
        Config sweep = config.getConfig("lowbit.sweep");
        String name = sweep.getString("name").isEmpty() ? defaultName : sweep.getString("name");
        String output = sweep.getString("output");
        if (output.isEmpty()) {
            throw new ConfigError("missing required key lowbit.sweep.output (--output)");
        }
        List<Map<String, Object>> assignments;
        try {
            assignments = SweepGrid.expand(sweep.getObjectList("grid"), "lowbit.sweep.grid");
        } catch (ConfigException e) {
            throw new ConfigError("lowbit.sweep.grid: " + e.getMessage(), e);
        }
        if (assignments.isEmpty()) {
            assignments = List.of(new LinkedHashMap<>());
        }
        Map<String, Cell> byId = new LinkedHashMap<>();
        Map<Map<String, Object>, String> idOfAssignment = new HashMap<>();
        Map<String, Map<String, Object>> fromOf = new HashMap<>();
        for (Map<String, Object> assignment : assignments) {
            Map<String, Object> settings = new LinkedHashMap<>(assignment);
            Map<String, Object> from = extractFrom(settings);
            Cell cell = Cell.of(settings, resolve(config, settings));
            if (byId.putIfAbsent(cell.id(), cell) == null) {
                idOfAssignment.put(settings, cell.id());
                if (from != null) {
                    fromOf.put(cell.id(), from);
                }
            }
        }
        Map<String, String> baseOf = new LinkedHashMap<>();
        fromOf.forEach((id, from) -> {
            Map<String, Object> wanted = new LinkedHashMap<>(byId.get(id).assignment());
            from.forEach((k, v) -> {
                if (v == null) {
                    wanted.remove(k);
                } else {
                    wanted.put(k, v);
                }
            });
            String base = idOfAssignment.get(wanted);
            if (base == null) {
                throw new ConfigError("sweep cell " + byId.get(id).describe() + " builds on a cell with " + wanted
                        + ", which the grid does not have");
            }
            baseOf.put(id, base);
        });
        int parallel = sweep.getInt("parallel-cells");
        if (parallel < 0) {
            throw new ConfigError("config key lowbit.sweep.parallel-cells must be >= 0, not " + parallel);
        }
        return new SweepSpec(name, output, new ArrayList<>(byId.values()), baseOf, parallel, sweep.getBoolean("retry-failed"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> extractFrom(Map<String, Object> settings) {
        Map<String, Object> from = new LinkedHashMap<>();
        settings.keySet().removeIf(key -> {
            if (key.equals(FROM) || key.startsWith(FROM + ".")) {
                Object value = settings.get(key);
                if (key.equals(FROM) && value instanceof Map<?, ?> map) {
                    from.putAll((Map<String, Object>) map);
                } else if (!key.equals(FROM)) {
                    from.put(key.substring(FROM.length() + 1), value);
                }
                return true;
            }
            return false;
        });
        return from.isEmpty() ? null : from;
    }

    private static Config resolve(Config base, Map<String, Object> settings) {
        Config defaults = LowbitConfig.defaults();
        Map<String, Object> qualified = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            String key = LowbitConfig.qualify(k, SECTION);
            if (!defaults.hasPathOrNull(key)) {
                throw new ConfigError("sweep grid key '" + k + "' (" + key + ") is not a config key");
            }
            qualified.put(key, v);
        });
        Config overrides = ConfigFactory.parseMap(qualified, "sweep grid cell " + settings);
        return LowbitConfig.validate(overrides.withFallback(base));
    }

    public String baseOf(String cellId) {
        return baseOf.get(cellId);
    }

    public Cell cell(String id) {
        return cells.stream().filter(c -> Objects.equals(c.id(), id)).findFirst().orElseThrow();
    }
}
