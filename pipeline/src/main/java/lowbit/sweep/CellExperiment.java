package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import lowbit.config.ConfigError;

import java.util.List;

/**
 * The {@code lowbit.experiment} section of a cell: its compression method and bit width, and the training
 * configuration it implies (QGT and QAT train toward {@code bits}; RGSM is RVSM with a group threshold).
 */
public record CellExperiment(String method, int bits, boolean perChannel, boolean layerSensitivity) {
    public static final List<String> METHODS = List.of("none", "ptq", "qat", "qgt", "rvsm", "rgsm", "admm");

    public static CellExperiment from(Config config) {
        Config e = config.getConfig("lowbit.experiment");
        String method = e.getString("method");
        if (!METHODS.contains(method)) {
            throw new ConfigError("lowbit.experiment.method: unknown method '" + method + "'; known: " + METHODS);
        }
        int bits = e.getInt("bits");
        if (bits != 32 && (bits < 1 || bits > 8)) {
            throw new ConfigError("lowbit.experiment.bits must be 1..8, or 32 for float weights, not " + bits);
        }
        if ((method.equals("ptq") || method.equals("qat") || method.equals("qgt")) && bits == 32) {
            throw new ConfigError("lowbit.experiment.method " + method + " needs bits in 1..8");
        }
        return new CellExperiment(method, bits, e.getBoolean("per-channel"), e.getBoolean("layer-sensitivity"));
    }

    public boolean quantizes() {
        return bits < 32;
    }

    public boolean trains() {
        return !method.equals("ptq");
    }

    /** The config with {@code lowbit.train} set for this method: local mode (one cell per Spark task). */
    public Config trainConfig(Config config) {
        List<String> methods = switch (method) {
            case "qat" -> List.of("qat");
            case "qgt" -> List.of("qgt");
            case "rvsm", "rgsm" -> List.of("rvsm");
            case "admm" -> List.of("admm");
            default -> List.of();
        };
        Config c = config.withValue("lowbit.train.mode", ConfigValueFactory.fromAnyRef("local"))
                .withValue("lowbit.train.methods", ConfigValueFactory.fromIterable(methods));
        if (quantizes()) {
            c = c.withValue("lowbit.train.qgt.bits", ConfigValueFactory.fromAnyRef(bits))
                    .withValue("lowbit.train.qat.bits", ConfigValueFactory.fromAnyRef(bits))
                    .withValue("lowbit.train.qgt.per-channel", ConfigValueFactory.fromAnyRef(perChannel))
                    .withValue("lowbit.train.qat.per-channel", ConfigValueFactory.fromAnyRef(perChannel));
        }
        if (method.equals("rgsm") && !c.getString("lowbit.train.rvsm.threshold").startsWith("group")) {
            c = c.withValue("lowbit.train.rvsm.threshold", ConfigValueFactory.fromAnyRef("group-l0"));
        }
        return c;
    }
}
