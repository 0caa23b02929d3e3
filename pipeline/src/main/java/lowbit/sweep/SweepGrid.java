package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import lowbit.config.ConfigError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a sweep grid into cell assignments (key -> value). The grid is a list of blocks; each block is
 * {@code product { key = [values] ... }} (every combination), {@code zip { key = [values] ... }} (values
 * taken together, lists of equal length), or a plain object (one cell). A block may carry
 * {@code with { key = value }} settings added to each of its cells, and {@code then = [ blocks ]} whose
 * cells are combined with each of its own (a product of blocks).
 */
public final class SweepGrid {
    private SweepGrid() {
    }

    public static List<Map<String, Object>> expand(List<? extends ConfigObject> blocks, String where) {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            cells.addAll(block(blocks.get(i).toConfig(), where + "[" + i + "]"));
        }
        return cells;
    }

    private static List<Map<String, Object>> block(Config block, String where) {
        List<Map<String, Object>> cells;
        if (block.hasPath("product")) {
            cells = product(block.getObject("product"), where + ".product");
        } else if (block.hasPath("zip")) {
            cells = zip(block.getObject("zip"), where + ".zip");
        } else {
            Map<String, Object> one = new LinkedHashMap<>();
            block.root().forEach((k, v) -> {
                if (!k.equals("with") && !k.equals("then")) {
                    flatten(k, v, one);
                }
            });
            cells = new ArrayList<>(List.of(one));
        }
        if (block.hasPath("with")) {
            Map<String, Object> with = new LinkedHashMap<>();
            block.getObject("with").forEach((k, v) -> flatten(k, v, with));
            cells.forEach(cell -> with.forEach(cell::putIfAbsent));
        }
        if (block.hasPath("then")) {
            List<Map<String, Object>> inner = expand(block.getObjectList("then"), where + ".then");
            List<Map<String, Object>> combined = new ArrayList<>();
            for (Map<String, Object> outer : cells) {
                for (Map<String, Object> in : inner) {
                    Map<String, Object> cell = new LinkedHashMap<>(outer);
                    cell.putAll(in);
                    combined.add(cell);
                }
            }
            cells = combined;
        }
        return cells;
    }

    private static List<Map<String, Object>> product(ConfigObject axes, String where) {
        List<Map<String, Object>> cells = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Map.Entry<String, ConfigValue> axis : axes(axes).entrySet()) {
            List<Object> values = values(axis, where);
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> cell : cells) {
                for (Object value : values) {
                    Map<String, Object> extended = new LinkedHashMap<>(cell);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            cells = next;
        }
        return cells;
    }

    private static List<Map<String, Object>> zip(ConfigObject axes, String where) {
        int length = -1;
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> axis : axes(axes).entrySet()) {
            List<Object> values = values(axis, where);
            if (length >= 0 && values.size() != length) {
                throw new ConfigError(where + ": zip lists must have equal lengths, but '" + axis.getKey() + "' has "
                        + values.size() + " values and the others " + length);
            }
            length = values.size();
            columns.put(axis.getKey(), values);
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i < Math.max(length, 0); i++) {
            Map<String, Object> cell = new LinkedHashMap<>();
            for (Map.Entry<String, List<Object>> column : columns.entrySet()) {
                cell.put(column.getKey(), column.getValue().get(i));
            }
            cells.add(cell);
        }
        return cells;
    }

    /** {@code qgt { lambda = [..] }} and {@code qgt.lambda = [..]} both name the axis qgt.lambda. */
    private static Map<String, ConfigValue> axes(ConfigObject object) {
        Map<String, ConfigValue> axes = new java.util.TreeMap<>();
        object.forEach((k, v) -> {
            if (v.valueType() == ConfigValueType.OBJECT) {
                axes(((ConfigObject) v)).forEach((inner, value) -> axes.put(k + "." + inner, value));
            } else {
                axes.put(k, v);
            }
        });
        return axes;
    }

    private static List<Object> values(Map.Entry<String, ConfigValue> axis, String where) {
        if (axis.getValue().valueType() != ConfigValueType.LIST) {
            throw new ConfigError(where + "." + axis.getKey() + " must be a list of values (set at "
                    + axis.getValue().origin().description() + ")");
        }
        return new ArrayList<>(((com.typesafe.config.ConfigList) axis.getValue()).unwrapped());
    }

    /** Nested objects become dotted keys, so {@code qgt { lambda = 300 }} and {@code qgt.lambda = 300} agree. */
    private static void flatten(String prefix, ConfigValue value, Map<String, Object> into) {
        if (value.valueType() == ConfigValueType.OBJECT) {
            ((ConfigObject) value).forEach((k, v) -> flatten(prefix + "." + k, v, into));
        } else {
            into.put(prefix, value.unwrapped());
        }
    }
}
