package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.Engine;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.export.ExportSizes;
import lowbit.export.integer.McuFootprint;
import lowbit.model.graph.ModelGraph;
import lowbit.engine.ModelFiles;
import lowbit.engine.ModelCost;
import lowbit.export.PackedModelWriter;
import lowbit.ptq.ActivationCalibration;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.report.BottleneckAnalysis;
import lowbit.report.LayerReport;
import lowbit.report.LayerReportRow;
import lowbit.robust.RobustAccuracy;
import lowbit.robust.RobustEvaluation;
import lowbit.sparse.Sparsity;
import lowbit.tensor.ChannelLayout;
import lowbit.train.EpochMetrics;
import lowbit.train.EvalResult;
import lowbit.train.LocalEvaluator;
import lowbit.train.InitialModel;
import lowbit.train.job.TrainJob;
import lowbit.train.TrainSpec;
import lowbit.train.TrainState;
import lowbit.train.job.TrainingRun;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep cell on its configured engine, inside one Spark task or as a distributed job from the driver: trains (float, QAT, QGT, RVSM, RGSM; from the base
 * cell's model where the cell builds on one) or loads its base cell's model (PTQ), hard-quantizes at the
 * cell's bits, evaluates float and compressed accuracy on the test split, writes the model and its packed
 * export, and reports per-layer bottlenecks; with {@code robust-eval}, also the compressed model's accuracy under
 * FGSM and IFGSM on the first test images.
 */
public final class TrainingCellRunner implements CellRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCellRunner.class);
    private static final int LAYER_EVAL_IMAGES = 1000;

    @Override
    public CellResult run(CellTask task) throws Exception {
        return run(null, task);
    }

    @Override
    public CellResult runAsJob(SparkSession spark, CellTask task) throws Exception {
        return run(spark, task);
    }

    @Override
    public boolean prefersJob(CellTask task, long jobMacs) {
        Config config = ConfigFactory.parseString(task.configJson());
        Manifest manifest = Manifest.read(config.getString("lowbit.train.data"));
        Manifest.Shape shape = manifest.shape();
        TrainSpec spec = TrainSpec.from(config).fittedTo(manifest);
        return shape != null && ModelCost.forwardMacs(spec.model().build(), shape.channels(), shape.height(), shape.width()) >= jobMacs;
    }

    /** @param spark non-null: train data-parallel over Spark partitions from the driver (job mode) */
    private CellResult run(SparkSession spark, CellTask task) throws Exception {
        Config config = ConfigFactory.parseString(task.configJson());
        CellExperiment experiment = CellExperiment.from(config);
        Manifest manifest = Manifest.read(config.getString("lowbit.train.data"));
        TrainSpec configured = TrainSpec.from(experiment.trainConfig(config, manifest, spark != null));
        InitialModel init = configured.initialModel();
        TrainSpec spec = configured.fittedTo(manifest, init);
        Engine engine = spec.model().engineInstance();
        Path artifacts = Path.of(task.artifactsDir());
        Files.createDirectories(artifacts);
        Normalization normalization = TrainJob.normalization(spec, manifest, init);

        Path baseFile = task.dependencies().containsKey("base_artifacts")
                ? Path.of(task.dependencies().get("base_artifacts"), TrainJob.MODEL_FILE) : null;
        TrainableModel base = baseFile != null ? ModelFiles.read(baseFile, spec.model().engine(), spec.model().engineThreads()).model() : null;
        if (!experiment.trains() && base == null) {
            throw new IllegalArgumentException("a ptq cell needs a base cell (from { ... }) whose model it quantizes");
        }
        TrainableModel model;
        List<EpochMetrics> history = List.of();
        double trainSeconds = 0;
        TrainState[] beforeQuantization = new TrainState[1];
        if (experiment.trains() && spec.epochs() == 0) {
            model = spec.model().build(); // the init model as it is: evaluated, not trained
            model.setParameters(base != null ? base.parameters() : init.startParameters(model));
            model.setBatchNormState(base != null ? base.batchNormState() : init.startState(model));
        } else if (experiment.trains()) {
            model = spec.model().build();
            long started = System.nanoTime();
            String prefix = "cell " + task.cellId() + ": ";
            float[] startParameters = base != null ? base.parameters() : init != null ? init.startParameters(model) : null;
            float[] startState = base != null ? base.batchNormState() : init != null ? init.startState(model) : null;
            TrainState end = TrainingRun.run(spark, spec, model, normalization, baseFile, startParameters, startState, line -> LOG.info(prefix + line), state -> {
                        if (state.epochsDone() == spec.epochs()) {
                            beforeQuantization[0] = state;
                        }
                    });
            trainSeconds = (System.nanoTime() - started) / 1e9;
            history = end.history();
        } else {
            model = base;
        }
        TrainJob.saveModel(model, artifacts.resolve(TrainJob.MODEL_FILE), normalization, manifest, spec);

        int classes = manifest.classes().size();
        String test = experiment.testSplit();
        Double accuracyBeforeQuantization = null;
        if (experiment.method().equals("qgt")) {
            TrainState qgt = beforeQuantization[0];
            // on a model of its own: evaluating sets the parameters it is given
            accuracyBeforeQuantization = new LocalEvaluator(spec.model().build(), spec.data(), classes, normalization, spec.evalBatchSize())
                    .evaluate(test, qgt.params(), qgt.batchNorm()).accuracy();
        }
        EvalResult floatEval = evaluate(model, spec, test, classes, normalization);
        QuantizationPlan plan = experiment.quantizes()
                ? QuantizationPlan.perLayer(model, experiment.layerBits(), experiment.perChannel(), true, "lowbit.experiment.layer-bits")
                        .withScaleRule(spec.weightScale())
                : QuantizationPlan.uniform(model, 8, experiment.perChannel(), false).restrictedTo(List.of());
        TrainableModel compressed = experiment.quantizes() ? PostTrainingQuantization.quantizedCopy(model, plan, engine) : model;
        ActivationQuantizer activations = experiment.quantizesActivations()
                ? calibrate(compressed, spec, experiment, normalization) : ActivationQuantizer.NONE;
        EvalResult eval = experiment.quantizes() ? evaluate(compressed, spec, test, classes, normalization, activations) : floatEval;
        String validation = experiment.validationSplit(manifest);
        ExportSizes sizes = PackedModelWriter.write(model, plan, engine, artifacts.resolve("model.lowbit"));

        Map<String, Object> cell = new HashMap<>();
        cell.put("method", experiment.method());
        cell.put("model", spec.model().describe());
        cell.put("init", spec.init().isEmpty() ? null : Path.of(spec.init()).getFileName().toString());
        cell.put("teacher", !spec.distill().enabled() ? null : spec.distill().teacher().equals(lowbit.distill.DistillSettings.BASE)
                ? lowbit.distill.DistillSettings.BASE : Path.of(spec.distill().teacher()).getFileName().toString());
        cell.put("bits", experiment.quantizes() ? experiment.bits() : null);
        cell.put("layer_bits", experiment.layerBits().isUniform() ? null : experiment.layerBits().describeOverrides());
        cell.put("method_settings", spec.methodSummary());
        cell.put("activation_bits", experiment.quantizesActivations() ? experiment.activationBits() : null);
        cell.put("calibration_images", experiment.quantizesActivations() ? (long) experiment.calibrationImages() : null);
        cell.put("activation_range", experiment.quantizesActivations() ? experiment.activationRangeName() : null);
        cell.put("float_accuracy", floatEval.accuracy());
        cell.put("accuracy", eval.accuracy());
        cell.put("accuracy_before_quantization", accuracyBeforeQuantization);
        cell.put("per_class_accuracy", Arrays.stream(eval.perClassAccuracy()).boxed().toList());
        cell.put("test_examples", eval.examples());
        cell.put("fold", experiment.crossValidates() ? experiment.fold() : null);
        cell.put("val_accuracy", validation == null ? null
                : evaluate(compressed, spec, validation, classes, normalization, activations).accuracy());
        cell.put("float_bytes", sizes.floatBytes());
        cell.put("packed_bytes", sizes.fileBytes());
        cell.put("theoretical_bytes", sizes.theoreticalBytes());
        cell.put("compression_ratio", (double) sizes.floatBytes() / sizes.fileBytes());
        Optional<McuFootprint> mcu = experiment.quantizes() ? McuFootprint.of(model, plan) : Optional.empty();
        cell.put("mcu_flash_bytes", mcu.map(McuFootprint::flashBytes).orElse(null));
        cell.put("mcu_ram_bytes", mcu.map(McuFootprint::ramBytes).orElse(null));
        cell.put("macs", model.modelGraph().map(ModelGraph::macs).orElse(null));
        cell.put("weight_sparsity", weightSparsity(model).ratio());
        cell.put("channel_sparsity", channelSparsity(model));
        cell.put("cell_mode", spark == null ? "task" : "job");
        cell.put("versions", lowbit.engine.CpuInfo.provenance()); // where the cell computed; the sweep adds the versions
        if (experiment.robustEval()) {
            RobustEvaluation robust = spec.robustEvaluation();
            LabeledImages images = LabeledImages.fromShards(spec.data(), test, robust.images(), normalization);
            RobustAccuracy r = robust.count(compressed, normalization, images.batches(RobustEvaluation.BATCH).iterator());
            cell.put("robust_examples", r.examples());
            cell.put("robust_accuracy_fgsm", r.fgsm());
            cell.put("robust_accuracy_ifgsm", r.ifgsm());
        }
        if (experiment.trains() && spec.epochs() > 0) {
            cell.put("train_seconds", trainSeconds);
            long examples = history.stream().mapToLong(EpochMetrics::examples).sum();
            cell.put("images_per_second", examples / Math.max(1e-9, history.stream().mapToDouble(EpochMetrics::seconds).sum()));
        }
        return new CellResult(cell, epochs(history), layers(model, engine, plan, experiment, spec, normalization, activations));
    }

    private static EvalResult evaluate(TrainableModel model, TrainSpec spec, String split, int classes,
                                       Normalization normalization) {
        return evaluate(model, spec, split, classes, normalization, ActivationQuantizer.NONE);
    }

    private static EvalResult evaluate(TrainableModel model, TrainSpec spec, String split, int classes,
                                       Normalization normalization, ActivationQuantizer activations) {
        return new LocalEvaluator(model, spec.data(), classes, normalization, spec.evalBatchSize(), null, activations)
                .evaluate(split, model.parameters(), model.batchNormState());
    }

    /** Activation ranges of the weight-quantized model over the first calibration images of the training split. */
    private static ActivationQuantizer calibrate(TrainableModel compressed, TrainSpec spec, CellExperiment experiment,
                                                 Normalization normalization) {
        return ActivationCalibration.fromShards(compressed, spec.data(), spec.trainSplit(), experiment.calibrationImages(),
                normalization, experiment.activationBits(), experiment.activationRange());
    }

    private static List<Map<String, Object>> epochs(List<EpochMetrics> history) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics m : history) {
            Map<String, Object> row = new HashMap<>();
            row.put("epoch", m.epoch());
            row.put("train_loss", m.trainLoss());
            row.put("learning_rate", m.learningRate());
            row.put("regularization", m.penalty());
            row.put("seconds", m.seconds());
            row.put("images_per_second", m.imagesPerSecond());
            for (EvalResult e : m.evaluations()) {
                row.put("val_loss", e.loss());
                row.put("val_accuracy", e.accuracy());
                if (e.robust() != null) {
                    row.put("val_robust_accuracy_fgsm", e.robust().fgsm());
                    row.put("val_robust_accuracy_ifgsm", e.robust().ifgsm());
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> layers(TrainableModel model, Engine engine, QuantizationPlan plan,
                                                    CellExperiment experiment, TrainSpec spec, Normalization normalization,
                                                    ActivationQuantizer activations) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (experiment.quantizes() && experiment.layerSensitivity()) {
            LabeledImages images = LabeledImages.fromShards(spec.data(), experiment.testSplit(), LAYER_EVAL_IMAGES, normalization);
            LayerReport report = BottleneckAnalysis.run(model, engine, plan, images, images.batch(0, Math.min(64, images.size())),
                    activations);
            for (LayerReportRow r : report.rows()) {
                Map<String, Object> row = new HashMap<>();
                row.put("layer", r.layer());
                row.put("parameters", r.parameters());
                row.put("bits", r.bits());
                row.put("rho", r.rho());
                row.put("sensitivity", r.isolatedAccuracyDrop());
                row.put("sqnr_db", r.isolatedSqnrDb());
                row.put("cumulative_sqnr_db", r.cumulativeSqnrDb());
                row.put("bytes", r.quantizedBytes());
                rows.add(row);
            }
            return rows;
        }
        float[] params = model.parameters();
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight()) {
                Map<String, Object> row = new HashMap<>();
                row.put("layer", v.name());
                row.put("parameters", (long) v.length());
                row.put("sparsity", Sparsity.ofWeights(v.read(params)).ratio());
                row.put("bits", plan.bitsByView().get(v.name())); // null: float
                row.put("bytes", 4L * v.length());
                rows.add(row);
            }
        }
        return rows;
    }

    private static Sparsity weightSparsity(TrainableModel model) {
        float[] params = model.parameters();
        Sparsity total = new Sparsity(0, 0);
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight()) {
                total = total.plus(Sparsity.ofWeights(v.read(params)));
            }
        }
        return total;
    }

    /** Zero input-channel slices W[:, i, :, :] of conv weights over all such slices; null without conv weights. */
    private static Double channelSparsity(TrainableModel model) {
        float[] params = model.parameters();
        Sparsity total = new Sparsity(0, 0);
        for (ParamView v : model.parameterViews()) {
            if (v.kind() == ParamKind.CONV_WEIGHT && v.shape().length == 4) {
                total = total.plus(Sparsity.ofGroups(v.read(params), ChannelLayout.convInputChannels(v.shape())));
            }
        }
        return total.total() == 0 ? null : total.ratio();
    }
}
