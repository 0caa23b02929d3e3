package lowbit.train;

import com.typesafe.config.Config;
import lowbit.config.ConfigError;
import lowbit.quant.BitWidth;

import java.util.List;

/**
 * Checks the method sections of {@code lowbit.train} (qgt, rvsm, admm, qat) whether or not a method is on, so
 * that a bad value fails before any training with an error naming its key. What needs the model (layer
 * names, group modes on dense layers) is checked when a regularizer is bound to it.
 */
public final class MethodSettings {
    private MethodSettings() {
    }

    /** @param train the {@code lowbit.train} section */
    public static void check(Config train) {
        Config q = train.getConfig("qgt");
        bits(q, "qgt");
        oneOf(q, "qgt", "penalty", "grid-distance", "sine");
        oneOf(q, "qgt", "ramp", "constant", "linear", "geometric");
        for (String key : List.of("alpha", "warmup-epochs", "lambda-start", "lambda", "ramp-epochs")) {
            atLeastZero(q, "qgt", key);
        }
        if (!(q.getDouble("factor") >= 1) || Double.isInfinite(q.getDouble("factor"))) {
            throw new ConfigError("lowbit.train.qgt.factor must be finite and >= 1, got " + q.getDouble("factor"));
        }
        if (q.getInt("finish-epochs") < 0) {
            throw new ConfigError("lowbit.train.qgt.finish-epochs must be >= 0, got " + q.getInt("finish-epochs"));
        }
        positive(q, "qgt", "finish-lr-factor");
        oneOf(q, "qgt", "finish-from", "quantized", "trained");
        oneOf(q, "qgt", "finish-lr-schedule", "constant", "cosine");

        Config r = train.getConfig("rvsm");
        oneOf(r, "rvsm", "threshold", "l0", "l1", "transformed-l1", "group-l0", "group-l1");
        atLeastZero(r, "rvsm", "lambda");
        positive(r, "rvsm", "beta");
        positive(r, "rvsm", "a");
        atLeastZero(r, "rvsm", "group-lasso");
        oneOf(r, "rvsm", "groups", "input", "output");

        Config a = train.getConfig("admm");
        oneOf(a, "admm", "mode", "elementwise", "channel");
        oneOf(a, "admm", "groups", "input", "output");
        positive(a, "admm", "rho");
        double keep = a.getDouble("keep-fraction");
        if (!(keep > 0 && keep <= 1)) {
            throw new ConfigError("lowbit.train.admm.keep-fraction must be in (0, 1], got " + keep);
        }
        if (a.getInt("update-steps") < 0) {
            throw new ConfigError("lowbit.train.admm.update-steps must be >= 0, got " + a.getInt("update-steps"));
        }

        bits(train.getConfig("qat"), "qat");
    }

    private static void bits(Config c, String method) {
        int bits = c.getInt("bits");
        if (bits < BitWidth.MIN || bits > BitWidth.MAX) {
            throw new ConfigError("lowbit.train." + method + ".bits must be in " + BitWidth.MIN + ".." + BitWidth.MAX + ", got " + bits);
        }
    }

    private static void atLeastZero(Config c, String method, String key) {
        double v = c.getDouble(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigError("lowbit.train." + method + "." + key + " must be finite and >= 0, got " + v);
        }
    }

    private static void positive(Config c, String method, String key) {
        double v = c.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigError("lowbit.train." + method + "." + key + " must be finite and > 0, got " + v);
        }
    }

    private static void oneOf(Config c, String method, String key, String... allowed) {
        if (!List.of(allowed).contains(c.getString(key))) {
            throw new ConfigError("lowbit.train." + method + "." + key + " must be one of " + List.of(allowed) + ", not '"
                    + c.getString(key) + "'");
        }
    }
}
