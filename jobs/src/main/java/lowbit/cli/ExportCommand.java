package lowbit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.export.ExportSizes;
import lowbit.engine.ModelFiles;
import lowbit.export.PackedModelReader;
import lowbit.export.PackedModelWriter;
import lowbit.export.onnx.OnnxExport;
import lowbit.export.onnx.OnnxExportSizes;
import lowbit.export.onnx.OnnxMetadata;
import lowbit.export.onnx.OnnxRuntimeModel;
import lowbit.export.onnx.OnnxVerification;
import lowbit.ptq.CalibratedActivations;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Post-training quantize a trained model and write it with its weights at their bit width: lowbit's packed "
                + "file (docs/export-format.md), with --format onnx an ONNX model (INT2 / INT4 / INT8 weight initializers "
                + "with DequantizeLinear; docs/guide/export-and-report-layers.md#onnx), or with --format c a C99 library for "
                + "microcontrollers in --output DIR (model.h, model.c, main.c: packed weights, int8 activations calibrated on "
                + "--data's train split, int32 accumulation, TFLite's fixed-point requantization; prints flash, RAM and MACs and "
                + "the integer accuracy on --split against the fake-quantized model's; "
                + "docs/guide/export-and-report-layers.md#c-for-microcontrollers).",
                "With --verify, reload a packed file or run an ONNX file in ONNX Runtime and print its accuracy on a dataset "
                        + "split; given --model, also compare the ONNX file image by image with lowbit's fake-quantized model "
                        + "(same --bits, --per-channel, --scale, --no-fold, --activation-bits and --normalization as the export).",
                "Exit codes: 0 done (verification passed), 2 bad input, 3 the ONNX file disagrees with lowbit's model."},
        sortOptions = false)
final class ExportCommand implements Callable<Integer> {
    /** Exit code of an {@code --verify} whose ONNX file does not compute what lowbit's model computes. */
    static final int VERIFICATION_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL.zip", description = "Trained model: a lowbit model file (model.zip of train or sweep, or of import), or an older DL4J or torch engine file")
    Path model;

    @Option(names = "--output", paramLabel = "FILE", description = "File to write (--format c: the folder to write)")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "lowbit (the packed file), onnx, or c (a C99 library for "
            + "microcontrollers); default: onnx for an --output or --verify FILE ending in .onnx, else lowbit")
    String format;

    @Option(names = "--bits", paramLabel = "B", defaultValue = "8", description = "Weight bits, 1..8 (default ${DEFAULT-VALUE})")
    int bits;

    @CommandLine.Mixin
    QuantizationOptions quantization = new QuantizationOptions();

    @CommandLine.Mixin
    ActivationOptions activations = new ActivationOptions();

    @Option(names = "--verify", paramLabel = "FILE", description = "Packed or ONNX file to reload (run) and evaluate")
    Path verify;

    @Option(names = "--data", paramLabel = "SHARDS", description = "Dataset folder written by lowbit shard: with --verify the "
            + "images; with --format onnx the class names, --normalization dataset's mean and std, and the activation calibration; "
            + "with --format c the calibration images, the class names and the images to evaluate on")
    String data;

    @Option(names = "--tolerance", paramLabel = "T", description = "--verify of an ONNX file with --model: largest logit difference "
            + "allowed, relative to each image's largest logit (default 1e-4; 0.05 with 8-bit activations)")
    Double tolerance;

    @CommandLine.Mixin
    EvaluationOptions evaluation = new EvaluationOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (format != null && !List.of("lowbit", "onnx", "c").contains(format)) {
            throw new LowbitException("--format must be lowbit, onnx or c, not " + format);
        }
        if (verify != null && "c".equals(format)) {
            throw new LowbitException("--verify reads packed files; a C export is checked by building it (main.c classifies image files)");
        }
        if (verify != null) {
            require(data, "--data", "--verify");
            return onnx(verify) ? verifyOnnx(out) : verifyPacked(out);
        }
        require(model, "--model", "export");
        require(output, "--output", "export");
        QuantizationPlan.requireBits("--bits", bits);
        if ("c".equals(format)) return CFormatExport.run(this, out);
        if (onnx(output)) return exportOnnx(out);
        if (activations.quantizes()) {
            throw new LowbitException("--activation-bits needs --format onnx or c: the packed lowbit file stores the weights only");
        }
        Loaded loaded = load(model);
        TrainableModel trained = loaded.model();
        ExportSizes sizes = PackedModelWriter.write(trained, quantization.plan(trained, bits), loaded.engine(), output);
        out.println("wrote " + output);
        out.println(sizes.describe());
        return 0;
    }

    /** Whether --format (or, without it, the file name) says ONNX. */
    private boolean onnx(Path file) {
        if (format == null) return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
        return switch (format) {
            case "onnx" -> true;
            case "lowbit" -> false;
            default -> false;
        };
    }

    private int verifyPacked(PrintWriter out) {
        if (activations.quantizes()) throw new LowbitException("--activation-bits applies to --format onnx files only");
        TrainableModel reloaded = PackedModelReader.read(verify);
        LabeledImages images = evaluation.load(data);
        out.printf("%s: accuracy %.4f on %d images of split %s%n", verify, images.accuracy(reloaded), images.size(), evaluation.split);
        return 0;
    }

    private int exportOnnx(PrintWriter out) {
        Normalization normalization = normalizationForExport();
        Loaded loaded = load(model);
        TrainableModel trained = loaded.model();
        requireGraph(trained);
        QuantizationPlan plan = quantization.plan(trained, bits);
        int classes = OnnxExport.graphOf(trained).classes();
        List<String> classNames = data == null ? OnnxMetadata.indexNames(classes) : classNames(classes);
        CalibratedActivations calibrated = null;
        if (activations.quantizes()) {
            requireOnnxActivationBits();
            require(data, "--data", "--activation-bits (the train split calibrates the ranges)");
            TrainableModel compressed = PostTrainingQuantization.quantizedCopy(trained, plan, loaded.engine());
            calibrated = (CalibratedActivations) activations.calibrate(compressed, data, normalization);
        }
        OnnxMetadata metadata = new OnnxMetadata(classNames, normalization, evaluation.normalization, activations.bits,
                calibrated == null ? null : activations.describe());
        OnnxExportSizes sizes = OnnxExport.write(trained, plan, calibrated, metadata, output);
        out.println("wrote " + output + (calibrated == null ? "" : " (" + activations.describe() + ")"));
        out.println(sizes.describe());
        return 0;
    }

    private Normalization normalizationForExport() {
        if (data != null) return evaluation.normalization(data);
        if (!evaluation.normalization.equals("unit")) {
            if (!evaluation.normalization.equals("dataset")) {
                throw new LowbitException("--normalization must be unit or dataset, not " + evaluation.normalization);
            }
            throw new LowbitException("--normalization dataset needs --data: the mean and std come from the dataset's manifest");
        }
        return Normalization.UNIT;
    }

    private List<String> classNames(int classes) {
        List<String> names = Manifest.read(data).classes();
        if (names == null || names.size() != classes) {
            throw new LowbitException(data + " has classes " + names + ", but the model has " + classes + " outputs");
        }
        return names;
    }

    private void requireOnnxActivationBits() {
        if (activations.bits != 8) {
            throw new LowbitException("--format onnx quantizes activations to 8 bits (--activation-bits 8) or keeps them float "
                    + "(32), not " + activations.bits);
        }
    }

    private int verifyOnnx(PrintWriter out) {
        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(verify, OnnxRuntimeModel.defaultThreads())) {
            Map<String, String> recorded = onnx.metadata();
            String recordedNormalization = recorded.get(OnnxMetadata.NORMALIZATION);
            if (recordedNormalization != null && !recordedNormalization.equals(evaluation.normalization)) {
                throw new LowbitException(verify + " takes inputs normalized as for --normalization " + recordedNormalization
                        + " (its metadata says), not " + evaluation.normalization + ": pass --normalization " + recordedNormalization);
            }
            boolean quantizedActivations = activations.quantizes() || "8".equals(recorded.get(OnnxMetadata.ACTIVATION_BITS));
            OnnxVerification.Reference reference = null;
            if (model != null) {
                QuantizationPlan.requireBits("--bits", bits);
                if (activations.quantizes()) requireOnnxActivationBits();
                requireSameSettings(recorded);
                Loaded loaded = load(model);
                TrainableModel trained = loaded.model();
                requireGraph(trained);
                QuantizationPlan plan = quantization.plan(trained, bits);
                TrainableModel compressed = PostTrainingQuantization.quantizedCopy(trained, plan, loaded.engine());
                ActivationQuantizer q = activations.quantizes()
                        ? activations.calibrate(compressed, data, evaluation.normalization(data)) : ActivationQuantizer.NONE;
                reference = new OnnxVerification.Reference(compressed, OnnxExport.graphOf(trained), q);
            }
            LabeledImages images = evaluation.load(data);
            if (tolerance != null && !(tolerance > 0)) throw new LowbitException("--tolerance must be positive, not " + tolerance);
            double t = tolerance != null ? tolerance : OnnxVerification.defaultTolerance(quantizedActivations);
            OnnxVerification.Result result = OnnxVerification.run(onnx, images, reference, t);
            out.printf("%s on split %s of %s%n%s%n", verify, evaluation.split, data, result.describe());
            if (reference == null) out.println("(no --model given: nothing to compare with)");
            return result.passed() ? 0 : VERIFICATION_FAILED;
        }
    }

    /** The quantization the file's metadata records must be the one lowbit's model is about to get. */
    private void requireSameSettings(Map<String, String> recorded) {
        if (!recorded.containsKey(OnnxMetadata.WEIGHT_BITS)) return; // not a lowbit file: the options are all there is
        String file = flags(recorded.get(OnnxMetadata.WEIGHT_BITS), Boolean.parseBoolean(recorded.get(OnnxMetadata.PER_CHANNEL)),
                recorded.get(OnnxMetadata.SCALE_RULE), Boolean.parseBoolean(recorded.get(OnnxMetadata.FOLDED)),
                recorded.getOrDefault(OnnxMetadata.ACTIVATION_BITS, "32"));
        String given = flags(Integer.toString(bits), quantization.perChannel, quantization.scale.toString(), !quantization.noFold,
                Integer.toString(activations.bits));
        if (!file.equals(given)) {
            throw new LowbitException(verify + " was exported with " + file + ", but lowbit's model would be quantized with " + given
                    + ": pass the export's options to compare like with like");
        }
    }

    private static String flags(String bits, boolean perChannel, String scale, boolean fold, String activationBits) {
        return "--bits " + bits + (perChannel ? " --per-channel" : "") + " --scale " + scale + (fold ? "" : " --no-fold")
                + ("32".equals(activationBits) ? "" : " --activation-bits " + activationBits);
    }

    private void requireGraph(TrainableModel trained) {
        if (trained.modelGraph().isEmpty()) {
            throw new LowbitException(model + " is an older DL4J model zip, which does not record lowbit's model graph that the ONNX "
                    + "export reads; export a lowbit model file (model.zip of train, sweep or import)");
        }
    }

    /** A trained model and the engine that builds copies of it. */
    private record Loaded(TrainableModel model, Engine engine) {
    }

    /** The one place this command reads model files. */
    private static Loaded load(Path file) {
        ModelFiles.Loaded l = ModelFiles.read(file, null, 0);
        return new Loaded(l.model(), l.engine());
    }

    static void require(Object value, String option, String mode) {
        if (value == null) throw new LowbitException(option + " is required for " + mode);
    }
}
