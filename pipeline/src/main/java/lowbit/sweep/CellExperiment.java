package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import lowbit.config.ConfigError;
import lowbit.method.Methods;
import lowbit.rvsm.RvsmMethod;
import lowbit.config.NameValuePairs;
import lowbit.data.read.SplitUnion;
import lowbit.data.shard.Manifest;
import lowbit.data.shard.SplitAssigner;
import lowbit.model.graph.LayerSettings;
import lowbit.ptq.ActivationRangeRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lowbit.experiment} section of a cell: its compression method and bit width, its cross-validation
 * fold, and the training configuration they imply (QGT and QAT train toward {@code bits}; RGSM is RVSM with a
 * group threshold; fold f tests on {@code fold-f}, validates on the next fold and trains on the others).
 * {@code layerBits} is {@code bits} (its fallback) with the per-layer overrides of {@code layer-bits} (mixed precision).
 */
public record CellExperiment(String method, LayerSettings<Integer> layerBits, boolean perChannel, boolean layerSensitivity, boolean robustEval,
                             int fold, boolean foldValidation, int activationBits, int calibrationImages,
                             ActivationRangeRule activationRange) {
    /**
     * Every experiment method: none (float), ptq (after training), each training method of the registry
     * ({@link Methods}), and rgsm (rvsm with a group threshold).
     */
    public static List<String> methods() {
        List<String> out = new ArrayList<>(List.of("none", "ptq"));
        out.addAll(Methods.names());
        out.add("rgsm");
        return out;
    }

    public static CellExperiment from(Config config) {
        Config e = config.getConfig("lowbit.experiment");
        String method = e.getString("method");
        if (!methods().contains(method)) {
            throw new ConfigError("lowbit.experiment.method: unknown method '" + method + "'; known: " + methods());
        }
        int bits = e.getInt("bits");
        if (bits != 32 && (bits < 1 || bits > 8)) {
            throw new ConfigError("lowbit.experiment.bits must be 1..8, or 32 for float weights, not " + bits);
        }
        if ((method.equals("ptq") || method.equals("qat") || method.equals("qgt")) && bits == 32) {
            throw new ConfigError("lowbit.experiment.method " + method + " needs bits in 1..8");
        }
        List<String> layerBitEntries = e.getStringList("layer-bits");
        LayerSettings<Integer> layerBits = new LayerSettings<>(bits,
                NameValuePairs.layerBits(layerBitEntries, "lowbit.experiment.layer-bits"));
        if (!layerBits.isUniform() && bits == 32) {
            throw new ConfigError("lowbit.experiment.layer-bits " + layerBitEntries + " needs a quantizing method (ptq, qat, qgt)"
                    + " and bits in 1..8 for the other layers");
        }
        int fold = e.getInt("fold");
        if (fold < -1) {
            throw new ConfigError("lowbit.experiment.fold must be a fold index (0..k-1), or -1 without cross-validation, not " + fold);
        }
        int activationBits = e.getInt("activation-bits");
        if (activationBits != 32 && (activationBits < 2 || activationBits > 8)) {
            throw new ConfigError("lowbit.experiment.activation-bits must be 2..8, or 32 for float activations, not " + activationBits);
        }
        if (activationBits < 32 && !method.equals("ptq")) {
            throw new ConfigError("lowbit.experiment.activation-bits = " + activationBits + " needs method ptq (activations are"
                    + " quantized after training only), not " + method);
        }
        int calibrationImages = e.getInt("calibration-images");
        if (calibrationImages < 1) {
            throw new ConfigError("lowbit.experiment.calibration-images must be at least 1, not " + calibrationImages);
        }
        ActivationRangeRule activationRange = new ActivationRangeRule(e.getString("activation-range"),
                e.getDouble("activation-percentile"));
        return new CellExperiment(method, layerBits, e.getBoolean("per-channel"), e.getBoolean("layer-sensitivity"),
                e.getBoolean("robust-eval"), fold, e.getBoolean("fold-validation"), activationBits, calibrationImages,
                activationRange);
    }

    /** Weight bits of every layer without an override; 32: float weights. */
    public int bits() {
        return layerBits.fallback();
    }

    public boolean crossValidates() {
        return fold >= 0;
    }

    /** The split the compressed model is tested on. */
    public String testSplit() {
        return crossValidates() ? SplitAssigner.FOLD_PREFIX + fold : "test";
    }

    /**
     * The held-out split that selects hyperparameters (e.g. QGT's lambda), or null: under cross-validation the fold
     * after the test fold, otherwise the dataset's own {@code val} split when it has one.
     */
    public String validationSplit(Manifest manifest) {
        if (!crossValidates()) {
            return manifest != null && manifest.splits().containsKey(SplitAssigner.VAL) ? SplitAssigner.VAL : null;
        }
        return foldValidation ? SplitAssigner.FOLD_PREFIX + (fold + 1) % folds(manifest) : null;
    }

    private int folds(Manifest manifest) {
        int k = 0;
        while (manifest.splits().containsKey(SplitAssigner.FOLD_PREFIX + k)) {
            k++;
        }
        if (k < 2 || k != manifest.splits().size()) {
            throw new ConfigError("lowbit.experiment.fold = " + fold + " needs a dataset sharded into folds "
                    + "(lowbit.shard.split.mode = folds), but it has the splits " + manifest.splits().keySet());
        }
        if (fold >= k || (foldValidation && k < 3)) {
            throw new ConfigError("lowbit.experiment.fold = " + fold + " is not a fold of a dataset with " + k + " folds"
                    + (foldValidation ? " (fold-validation needs at least 3)" : ""));
        }
        return k;
    }

    /** Training folds: every fold but the test and validation folds. */
    private String trainSplit(Manifest manifest) {
        int k = folds(manifest);
        String validation = validationSplit(manifest);
        List<String> train = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            String split = SplitAssigner.FOLD_PREFIX + i;
            if (i != fold && !split.equals(validation)) {
                train.add(split);
            }
        }
        return SplitUnion.of(train);
    }

    public boolean quantizes() {
        return bits() < 32;
    }

    /** Activations are fake-quantized (PTQ only) with ranges calibrated on the first training images. */
    public boolean quantizesActivations() {
        return activationBits < 32;
    }

    /** The cells table's name of the activation range rule: minmax, percentile 99.99, mse. */
    public String activationRangeName() {
        return activationRange.kind().equals("percentile")
                ? "percentile " + activationRange.percentile() : activationRange.kind();
    }

    public boolean trains() {
        return !method.equals("ptq");
    }

    /**
     * The config with {@code lowbit.train} set for this method (local mode for one cell per Spark task, spark mode
     * for a cell run as a distributed job) and, under cross-validation, for this fold's train and validation splits.
     *
     * @param manifest the dataset's; read under cross-validation only (may be null without it)
     */
    public Config trainConfig(Config config, Manifest manifest, boolean distributed) {
        List<String> methods = Methods.names().contains(method) ? List.of(method)
                : method.equals("rgsm") ? List.of(RvsmMethod.NAME) : List.of();
        Config c = config.withValue("lowbit.train.mode", ConfigValueFactory.fromAnyRef(distributed ? "spark" : "local"))
                .withValue("lowbit.train.methods", ConfigValueFactory.fromIterable(methods));
        if (quantizes()) {
            List<String> overrides = layerBits.entries();
            c = c.withValue("lowbit.train.qgt.bits", ConfigValueFactory.fromAnyRef(bits()))
                    .withValue("lowbit.train.qat.bits", ConfigValueFactory.fromAnyRef(bits()))
                    .withValue("lowbit.train.qgt.layer-bits", ConfigValueFactory.fromIterable(overrides))
                    .withValue("lowbit.train.qat.layer-bits", ConfigValueFactory.fromIterable(overrides))
                    .withValue("lowbit.train.qgt.per-channel", ConfigValueFactory.fromAnyRef(perChannel))
                    .withValue("lowbit.train.qat.per-channel", ConfigValueFactory.fromAnyRef(perChannel));
        }
        if (crossValidates()) {
            String validation = validationSplit(manifest);
            c = c.withValue("lowbit.train.train-split", ConfigValueFactory.fromAnyRef(trainSplit(manifest)))
                    .withValue("lowbit.train.eval-splits", ConfigValueFactory.fromIterable(
                            validation == null ? List.of() : List.of(validation)));
        }
        if (method.equals("rgsm") && !c.getString("lowbit.train.rvsm.threshold").startsWith("group")) {
            c = c.withValue("lowbit.train.rvsm.threshold", ConfigValueFactory.fromAnyRef("group-l0"));
        }
        return c;
    }
}
