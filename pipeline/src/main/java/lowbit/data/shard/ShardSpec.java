package lowbit.data.shard;

import com.typesafe.config.Config;
import lowbit.config.ConfigError;
import lowbit.data.resolve.KnownInputs;
import org.apache.hadoop.fs.Path;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The validated settings of one sharding run (keys under {@code lowbit.shard}). */
public record ShardSpec(String format, String input, String output, String dataset, int height, int width,
                        boolean grayscale, String resizeFilter, int shards, long seed, boolean overwrite,
                        double maxQuarantineFraction, int recordsPerTask, List<String> classes,
                        SplitAssigner splits, String groundTruth, String vwwImages, double vwwMinPersonArea,
                        Map<String, Object> settings) implements Serializable {

    public static final List<String> FORMATS = List.of("cifar10-bin", "cifar100-bin", "folders", "imagenet-val", "idx", "vww-coco");
    private static final String P = "lowbit.shard.";

    public static ShardSpec from(Config config) {
        Config c = config.getConfig("lowbit.shard");
        String format = c.getString("format");
        if (format.isEmpty()) {
            throw new ConfigError("missing required key " + P + "format (--format): one of " + String.join(", ", FORMATS));
        }
        if (!FORMATS.contains(format)) {
            throw new ConfigError("config key " + P + "format: unknown format '" + format + "' (expected one of "
                    + String.join(", ", FORMATS) + ")");
        }
        String input = KnownInputs.resolve(required(c, "input"), config);
        String output = required(c, "output");
        int[] size = parseSize(c.getString("size"));
        int shards = c.getInt("shards");
        if (shards < 1) {
            throw new ConfigError("config key " + P + "shards must be at least 1, not " + shards);
        }
        double maxQuarantine = c.getDouble("max-quarantine-fraction");
        if (maxQuarantine < 0 || maxQuarantine > 1) {
            throw new ConfigError("config key " + P + "max-quarantine-fraction must lie in [0, 1], not " + maxQuarantine);
        }
        int perTask = c.getInt("records-per-task");
        if (perTask < 1) {
            throw new ConfigError("config key " + P + "records-per-task must be at least 1, not " + perTask);
        }
        String filter = c.getString("resize-filter");
        try {
            lowbit.data.image.Preprocessor.filterCode(filter);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key " + P + "resize-filter: " + e.getMessage());
        }
        long seed = c.getLong("seed");
        SplitAssigner splits = new SplitAssigner(c.getString("split.mode"), c.getDouble("split.train"),
                c.getDouble("split.val"), c.getDouble("split.test"), c.getDouble("split.val-from-train"),
                c.getInt("split.folds"), seed);
        String dataset = c.getString("dataset").isEmpty() ? new Path(input).getName() : c.getString("dataset");
        Map<String, Object> settings = new TreeMap<>(c.root().unwrapped());
        return new ShardSpec(format, input, output, dataset, size[0], size[1], c.getBoolean("grayscale"), filter,
                shards, seed, c.getBoolean("overwrite"), maxQuarantine, perTask, c.getStringList("classes"),
                splits, c.getString("ground-truth"), c.getString("vww.images"), c.getDouble("vww.min-person-area"), settings);
    }

    private static String required(Config c, String key) {
        String value = c.getString(key);
        if (value.isEmpty()) {
            throw new ConfigError("missing required key " + P + key + " (--" + key + ")");
        }
        return value;
    }

    /** "96x96" -> {96, 96}; "" -> {0, 0} (keep size). */
    static int[] parseSize(String size) {
        if (size.isEmpty()) {
            return new int[]{0, 0};
        }
        String[] parts = size.toLowerCase().split("x");
        try {
            if (parts.length == 2) {
                int h = Integer.parseInt(parts[0].trim());
                int w = Integer.parseInt(parts[1].trim());
                if (h > 0 && w > 0) {
                    return new int[]{h, w};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigError("config key " + P + "size must be HxW with positive integers (e.g. 96x96), not '" + size + "'");
    }
}
