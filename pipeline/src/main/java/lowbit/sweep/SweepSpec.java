package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.method.Methods;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sweep: a base experiment (the config file's {@code lowbit.train}, {@code lowbit.experiment} and the rest)
 * and the cells its grid expands to. Grid keys are relative to {@code lowbit.experiment} where it has them
 * (method, bits, ...), else to {@code lowbit.train}, unless they start with {@code lowbit.}.
 * The reserved key {@code from} makes a cell build on another: {@code from { method = none, bits = null }}
 * names the cell with those values (null: without the key) that agrees with this one on its other keys.
 */
public record SweepSpec(String name, String output, List<Cell> cells, Map<String, String> baseOf, int parallelCells,
                        boolean retryFailed, String cellMode, long jobMacs) {

    public static final String SECTION = "train";
    public static final List<String> CELL_MODES = List.of("auto", "task", "job");
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
        Map<String, Map<String, Object>> fromOf = new HashMap<>();
        for (Map<String, Object> assignment : assignments) {
            Map<String, Object> settings = new LinkedHashMap<>(assignment);
            Map<String, Object> from = extractFrom(settings);
            Cell cell = Cell.of(settings, resolve(config, settings));
            if (byId.putIfAbsent(cell.id(), cell) == null) {
                if (from != null) {
                    fromOf.put(cell.id(), from);
                }
            }
        }
        Map<String, String> baseOf = new LinkedHashMap<>();
        fromOf.forEach((id, from) -> baseOf.put(id, baseCell(byId.get(id), from, byId.values())));
        List<Cell> cells = selected(new ArrayList<>(byId.values()), baseOf, sweep.getStringList("only"));
        int parallel = sweep.getInt("parallel-cells");
        if (parallel < 0) {
            throw new ConfigError("config key lowbit.sweep.parallel-cells must be >= 0, not " + parallel);
        }
        String cellMode = sweep.getString("cell-mode");
        if (!CELL_MODES.contains(cellMode)) {
            throw new ConfigError("lowbit.sweep.cell-mode must be one of " + CELL_MODES + ", not '" + cellMode + "'");
        }
        return new SweepSpec(name, output, cells, baseOf, parallel, sweep.getBoolean("retry-failed"), cellMode,
                sweep.getLong("job-macs"));
    }

    /**
     * The cells whose grid values match every {@code key=value} of {@code only} ({@code key=a|b}: either), and the
     * cells they build on.
     */
    private static List<Cell> selected(List<Cell> cells, Map<String, String> baseOf, List<String> only) {
        if (only.isEmpty()) {
            return cells;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String pair : only) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("lowbit.sweep.only: expected key=value, not '" + pair + "'");
            }
            wanted.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        Set<String> keep = new HashSet<>();
        for (Cell cell : cells) {
            boolean matches = wanted.entrySet().stream().allMatch(w -> cell.assignment().containsKey(w.getKey())
                    && List.of(w.getValue().split("\\|")).contains(String.valueOf(cell.assignment().get(w.getKey()))));
            for (String id = matches ? cell.id() : null; id != null; id = baseOf.get(id)) {
                keep.add(id);
            }
        }
        if (keep.isEmpty()) {
            throw new ConfigError("lowbit.sweep.only " + only + " matches no cell of the grid");
        }
        return cells.stream().filter(c -> keep.contains(c.id())).toList();
    }

    /**
     * The one cell that has {@code from}'s values (null: lacks the key) and otherwise only keys this cell has,
     * with the same values: a PTQ cell {method=ptq, bits=2, seed=1} from {method=none, bits=null} builds on
     * {method=none, seed=1}.
     */
    private static String baseCell(Cell cell, Map<String, Object> from, java.util.Collection<Cell> cells) {
        List<Cell> matches = new ArrayList<>();
        for (Cell candidate : cells) {
            Map<String, Object> b = candidate.assignment();
            boolean fromMatches = from.entrySet().stream().allMatch(e -> e.getValue() == null
                    ? !b.containsKey(e.getKey()) : Objects.equals(b.get(e.getKey()), e.getValue()));
            boolean restMatches = b.entrySet().stream().filter(e -> !from.containsKey(e.getKey()))
                    .allMatch(e -> Objects.equals(cell.assignment().get(e.getKey()), e.getValue()));
            if (candidate != cell && fromMatches && restMatches) {
                matches.add(candidate);
            }
        }
        if (matches.size() != 1) {
            throw new ConfigError("sweep cell " + cell.describe() + " builds on the cell with " + from + " and its other values, but the grid has "
                    + (matches.isEmpty() ? "none" : matches.size() + ": " + matches.stream().map(Cell::describe).toList()));
        }
        return matches.get(0).id();
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
            String key = k.startsWith("lowbit.") || !defaults.hasPathOrNull("lowbit.experiment." + k)
                    ? LowbitConfig.qualify(k, SECTION) : "lowbit.experiment." + k;
            if (!defaults.hasPathOrNull(key)) {
                throw new ConfigError("sweep grid key '" + k + "' (" + key + ") is not a config key");
            }
            qualified.put(key, v);
        });
        Config overrides = ConfigFactory.parseMap(qualified, "sweep grid cell " + settings);
        Config resolved = LowbitConfig.validate(overrides.withFallback(base));
        CellExperiment.from(resolved); // a bad method or setting fails the whole sweep (and --dry-run) up front
        Methods.check(resolved.getConfig("lowbit.train"));
        return resolved;
    }

    public String baseOf(String cellId) {
        return baseOf.get(cellId);
    }

    public Cell cell(String id) {
        return cells.stream().filter(c -> Objects.equals(c.id(), id)).findFirst().orElseThrow();
    }
}
