package lowbit.rvscgd;

import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.Config;
import lowbit.config.ConfigError;

/** The {@code lowbit.rvscgd} section, validated: the teacher-student problem, the iteration budget and the thresholds. */
public record RvscgdSpec(int n, int k, int teacherNonzeros, int batchSize, int iterations, double lr,
                         List<ThresholdSetting> thresholds, long seed) {

    private static final String P = "lowbit.rvscgd.";

    public RvscgdSpec {
        thresholds = List.copyOf(thresholds);
    }

    public static RvscgdSpec from(Config config) {
        Config r = config.getConfig("lowbit.rvscgd");
        int n = atLeastOne(r, "n");
        int nonzeros = atLeastOne(r, "teacher-nonzeros");
        if (nonzeros > n) {
            throw new ConfigError(P + "teacher-nonzeros must be at most n = " + n + ", got " + nonzeros);
        }
        double lr = r.getDouble("lr");
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new ConfigError(P + "lr must be finite and > 0, got " + lr);
        }
        List<String> names = r.getStringList("thresholds");
        if (names.isEmpty()) {
            throw new ConfigError(P + "thresholds must name at least one of " + ThresholdSetting.NAMES);
        }
        List<ThresholdSetting> thresholds = new ArrayList<>();
        for (String name : names) {
            if (!ThresholdSetting.NAMES.contains(name)) {
                throw new ConfigError(P + "thresholds: unknown threshold '" + name + "'; known: " + ThresholdSetting.NAMES);
            }
            if (thresholds.stream().anyMatch(t -> t.name().equals(name))) {
                throw new ConfigError(P + "thresholds: '" + name + "' is listed twice");
            }
            Config t = r.getConfig("\"" + name + "\"");
            ThresholdSetting setting = new ThresholdSetting(name, t.getDouble("lambda"), t.getDouble("beta"),
                    t.hasPath("a") ? t.getDouble("a") : 1.0);
            try {
                setting.create();
            } catch (IllegalArgumentException e) {
                throw new ConfigError(P + name + ": " + e.getMessage(), e);
            }
            thresholds.add(setting);
        }
        return new RvscgdSpec(n, atLeastOne(r, "k"), nonzeros, atLeastOne(r, "batch-size"), atLeastOne(r, "iterations"),
                lr, thresholds, r.getLong("seed"));
    }

    private static int atLeastOne(Config r, String key) {
        int v = r.getInt(key);
        if (v < 1) {
            throw new ConfigError(P + key + " must be at least 1, got " + v);
        }
        return v;
    }
}
