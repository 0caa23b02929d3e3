package lowbit.train;

import lowbit.method.QuantizedFinish;
import lowbit.method.WeightTransform;
import lowbit.method.MethodSettings;
import lowbit.method.Methods;
import lowbit.method.Regularizer;
import lowbit.method.SettingKeys;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import lowbit.config.ConfigError;
import lowbit.config.NameValuePairs;
import lowbit.data.read.Augmentation;
import lowbit.data.shard.Manifest;
import lowbit.engine.Engines;
import lowbit.quant.ScaleRule;
import lowbit.data.read.Normalization;
import lowbit.robust.AdversarialTraining;
import lowbit.robust.Attack;
import lowbit.robust.ModelAttack;
import lowbit.robust.RobustEvaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.function.Function;

/** The {@code lowbit.train} section, validated: what to train, how, and with which methods. */
public record TrainSpec(String data, String trainSplit, List<String> evalSplits, Mode mode, long seed, int epochs,
                        int batchSize, int workers, int localSteps, int averagingFrequency, int maxStepsPerEpoch, int shuffleBuffer,
                        boolean datasetNormalization, Augmentation augmentation, int evalBatchSize, boolean resume,
                        ModelRecipe model, Config optimizer, LrSchedule lr, List<MethodSettings> methodSettings,
                        Config section) {

    /** How training is distributed (lowbit.train.mode). */
    public enum Mode {
        /** Synchronous SGD: gradients summed over Spark partitions each step, optimizer on the driver. */
        SPARK("spark"),
        /** Single JVM. */
        LOCAL("local"),
        /** DL4J Spark's ParameterAveragingTrainingMaster: local SGD in each worker, parameters averaged every k minibatches. */
        PARAMETER_AVERAGING("parameter-averaging");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Mode of(String label) {
            for (Mode m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new ConfigError("lowbit.train.mode must be spark, local or parameter-averaging, not '" + label + "'");
        }
    }

    public static TrainSpec from(Config config) {
        Config t = config.getConfig("lowbit.train");
        try {
            Mode mode = Mode.of(t.getString("mode"));
            String normalization = t.getString("normalization");
            if (!List.of("unit", "dataset", "model").contains(normalization)) {
                throw new ConfigError("lowbit.train.normalization must be unit, dataset or model, not '" + normalization + "'");
            }
            if (normalization.equals("model") && t.getString("init").isEmpty()) {
                throw new ConfigError("lowbit.train.normalization = model takes the scaling of lowbit.train.init, which is not set");
            }
            List<MethodSettings> chosen = Methods.chosen(t);
            for (MethodSettings m : chosen) {
                if (mode == Mode.PARAMETER_AVERAGING && !m.runsInsideDl4j()) {
                    throw new ConfigError("lowbit.train.methods: " + m.method() + " needs mode spark or local (parameter"
                            + " averaging trains inside DL4J's workers, which carry only a regularizer without state)");
                }
            }
            if (mode == Mode.PARAMETER_AVERAGING && !engine(t).equals(Engines.DL4J)) {
                throw new ConfigError("lowbit.train.mode = parameter-averaging trains inside DL4J Spark's training master: "
                        + "set lowbit.train.engine = dl4j (the default engine is torch)");
            }
            if (mode == Mode.PARAMETER_AVERAGING && t.getInt("local-steps") != 1) {
                throw new ConfigError("lowbit.train.local-steps is for mode spark; parameter-averaging averages every "
                        + "averaging-frequency minibatches instead");
            }
            long seed = t.getLong("seed");
            Map<String, String> options = new HashMap<>(pairs(t.getStringList("model.options"), "model.options", s -> s));
            // DL4J initializes randomly (unreproducibly) for seed 0, so the model seed is never 0.
            options.put("seed", Long.toString(seed + 1));
            int epochs = t.getString("init").isEmpty() ? positive(t, "epochs") : nonNegative(t, "epochs");
            Attack attack = adversarialAttack(t);
            lowbit.distill.DistillSettings distill = lowbit.distill.DistillSettings.from(t);
            if (distill.enabled() && attack != null) {
                throw new ConfigError("lowbit.train.distill and lowbit.train.adversarial are exclusive: adversarial training"
                        + " replaces each minibatch by its attack, distillation needs the teacher's view of the same images");
            }
            if (distill.enabled() && mode == Mode.PARAMETER_AVERAGING) {
                throw new ConfigError("lowbit.train.distill needs mode spark or local (parameter averaging trains inside DL4J"
                        + " with its own loss)");
            }
            robustEvaluation(t);
            Config s = t.getConfig("lr-schedule");
            LrSchedule lr = new LrSchedule(LrSchedule.kind(s.getString("kind")), t.getDouble("optimizer.lr"),
                    s.getIntList("milestones"), s.getDouble("gamma"), epochs, s.getDouble("min-lr"));
            return new TrainSpec(required(t, "data"), t.getString("train-split"), t.getStringList("eval-splits"),
                    mode, seed, epochs, positive(t, "batch-size"), nonNegative(t, "workers"),
                    positive(t, "local-steps"), positive(t, "averaging-frequency"), nonNegative(t, "max-steps-per-epoch"), nonNegative(t, "shuffle-buffer"),
                    normalization.equals("dataset"), new Augmentation(nonNegative(t, "augment-padding"), t.getBoolean("augment-flip")),
                    positive(t, "eval-batch-size"), t.getBoolean("resume"), new ModelRecipe(t.getString("model.name"), options,
                    engine(t), nonNegative(t, "engine-threads")),
                    t.getConfig("optimizer"), lr, chosen, t);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("lowbit.train: " + e.getMessage(), e);
        }
    }

    /** This spec with the model fitted to the dataset's image shape and classes ({@link ModelRecipe#fittedTo}). */
    public TrainSpec fittedTo(Manifest manifest) {
        return withModel(model.fittedTo(manifest.shape(), manifest.classes().size()));
    }

    /** This spec starting from {@code init}: its model instead of the configured one, fitted to the dataset. */
    public TrainSpec fittedTo(Manifest manifest, InitialModel init) {
        return init == null ? fittedTo(manifest) : withModel(init.recipe(model).fittedTo(manifest.shape(), manifest.classes().size()));
    }

    private TrainSpec withModel(ModelRecipe recipe) {
        return new TrainSpec(data, trainSplit, evalSplits, mode, seed, epochs, batchSize, workers, localSteps,
                averagingFrequency, maxStepsPerEpoch, shuffleBuffer, datasetNormalization, augmentation, evalBatchSize, resume,
                recipe, optimizer, lr, methodSettings, section);
    }

    /** The model file a run starts from ({@code lowbit.train.init}); empty: the configured model, freshly initialized. */
    public String init() {
        return section.getString("init");
    }

    /** The model the run starts from, or null without {@code init}. */
    public InitialModel initialModel() {
        return init().isEmpty() ? null : InitialModel.load(init(), model.engine());
    }

    /** unit, dataset or model (the init model's recorded scaling). */
    public String normalizationKind() {
        return section.getString("normalization");
    }

    /** Synchronous data-parallel SGD on Spark (the default mode). */
    public boolean spark() {
        return mode == Mode.SPARK;
    }

    public Optimizer optimizer(int length) {
        return switch (optimizer.getString("name")) {
            case "sgd" -> new Sgd(length, optimizer.getDouble("momentum"), optimizer.getBoolean("nesterov"),
                    optimizer.getDouble("weight-decay"));
            case "adam" -> new Adam(length, optimizer.getDouble("beta1"), optimizer.getDouble("beta2"),
                    optimizer.getDouble("epsilon"), optimizer.getDouble("weight-decay"));
            default -> throw new ConfigError("lowbit.train.optimizer.name must be sgd or adam, not '"
                    + optimizer.getString("name") + "'");
        };
    }

    /** The chosen methods' names, in the order of lowbit.train.methods. */
    public List<String> methods() {
        return methodSettings.stream().map(MethodSettings::method).toList();
    }

    /** The chosen methods' regularizers, fresh (they may keep state). */
    public List<Regularizer> regularizers() {
        return methodSettings().stream().map(MethodSettings::regularizer).filter(Objects::nonNull).toList();
    }

    /** A method's hard quantization and fine-tuning after the regularized epochs (QGT's finish), or null. */
    public QuantizedFinish finish() {
        return methodSettings().stream().map(MethodSettings::finish).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The chosen methods' summaries ({@link MethodSettings#summary()}), e.g. {@code qgt lambda=3000}; null without one. */
    public String methodSummary() {
        String s = methodSettings().stream().filter(m -> !m.summary().isEmpty())
                .map(m -> m.method() + " " + String.join(" ", m.summary())).collect(Collectors.joining("; "));
        return s.isEmpty() ? null : s;
    }

    /** Regularized epochs plus QGT's finish epochs. */
    public int totalEpochs() {
        QuantizedFinish f = finish();
        return epochs + (f == null ? 0 : f.epochs());
    }

    /** How every weight grid's scale is chosen: QGT's penalty and finish, QAT, and the cell's hard quantization. */
    public ScaleRule weightScale() {
        return SettingKeys.weightScale(section);
    }

    /** The weights the forward pass sees (QAT's fake quantization), or null. */
    public WeightTransform transform() {
        return methodSettings().stream().map(MethodSettings::transform).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** {@code lowbit.train.distill}: the teacher and how much of the loss it makes (off when its teacher is empty). */
    public lowbit.distill.DistillSettings distill() {
        return lowbit.distill.DistillSettings.from(section);
    }

    /** The attack of adversarial training, or null when it is off. */
    public Attack adversarialAttack() {
        return adversarialAttack(section);
    }

    /** Adversarial training on inputs of this normalization, its random starts seeded from {@link #seed()}; null when off. */
    public AdversarialTraining adversarialTraining(Normalization normalization) {
        Attack attack = adversarialAttack();
        return attack == null ? null : new AdversarialTraining(new ModelAttack(attack, normalization), seed);
    }

    /** Robust evaluation after every epoch, or null when it is off. */
    public RobustEvaluation epochRobustEvaluation() {
        return section.getBoolean("robust-eval.enabled") ? robustEvaluation() : null;
    }

    /** The attacks and image count of robust evaluation (after every epoch, or of a sweep cell's final model). */
    public RobustEvaluation robustEvaluation() {
        return robustEvaluation(section);
    }

    private static Attack adversarialAttack(Config t) {
        Config a = t.getConfig("adversarial");
        if (!a.getBoolean("enabled")) {
            return null;
        }
        try {
            return Attack.of(Attack.Kind.parse(a.getString("attack")), a.getDouble("eps"), a.getDouble("step"), a.getInt("steps"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("lowbit.train.adversarial: " + e.getMessage(), e);
        }
    }

    private static RobustEvaluation robustEvaluation(Config t) {
        Config r = t.getConfig("robust-eval");
        try {
            return new RobustEvaluation(r.getInt("images"), Attack.fgsm(r.getDouble("fgsm-eps")),
                    Attack.ifgsm(r.getDouble("ifgsm-eps"), r.getDouble("ifgsm-step"), r.getInt("ifgsm-steps")));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("lowbit.train.robust-eval: " + e.getMessage(), e);
        }
    }

    /** The section as JSON, for provenance and checkpoint compatibility. */
    public String json() {
        return section.root().render(ConfigRenderOptions.concise());
    }

    /** As {@link #json()} without the resume flag: what a checkpoint must match to be continued. */
    public String jsonWithoutResume() {
        return section.withoutPath("resume").root().render(ConfigRenderOptions.concise());
    }

    private static <T> Map<String, T> pairs(List<String> entries, String key, Function<String, T> parse) {
        return NameValuePairs.parse(entries, "lowbit.train." + key, parse);
    }

    private static String engine(Config t) {
        String engine = t.getString("engine");
        if (!Engines.names().contains(engine)) {
            throw new ConfigError("lowbit.train.engine must be one of " + Engines.names() + ", not '" + engine + "'");
        }
        return engine;
    }

    private static String required(Config t, String key) {
        String v = t.getString(key);
        if (v.isBlank()) {
            throw new ConfigError("lowbit.train." + key + " is required");
        }
        return v;
    }

    private static int positive(Config t, String key) {
        int v = t.getInt(key);
        if (v < 1) {
            throw new ConfigError("lowbit.train." + key + " must be at least 1, got " + v);
        }
        return v;
    }

    private static int nonNegative(Config t, String key) {
        int v = t.getInt(key);
        if (v < 0) {
            throw new ConfigError("lowbit.train." + key + " must be >= 0, got " + v);
        }
        return v;
    }
}
