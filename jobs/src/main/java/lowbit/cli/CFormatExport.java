package lowbit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.ModelFiles;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.export.c.CExport;
import lowbit.export.c.CLibrary;
import lowbit.export.c.CToolchain;
import lowbit.export.integer.IntegerConversion;
import lowbit.export.integer.IntegerEvaluation;
import lowbit.export.integer.IntegerModel;
import lowbit.export.integer.RawImages;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Shape;
import lowbit.ptq.ActivationRangeRule;
import lowbit.ptq.QuantizationPlan;

/**
 * {@code export --format c}: the model as a C99 library for a microcontroller (lowbit.export.c), int8 activations
 * calibrated on the first training images of {@code --data}; prints the sizes and the integer program's accuracy on
 * {@code --split} against the fake-quantized model's.
 */
final class CFormatExport {
    private static final int CALIBRATION_BATCH = 64;

    private CFormatExport() {
    }

    static int run(ExportCommand c, PrintWriter out) {
        ExportCommand.require(c.data, "--data", "--format c (its train split calibrates the int8 activations)");
        if (c.activations.bits != 32 && c.activations.bits != IntegerConversion.ACTIVATION_BITS) {
            throw new LowbitException("--format c computes with int8 activations: --activation-bits must be 8 (or left out), not "
                    + c.activations.bits);
        }
        ActivationRangeRule rule = c.activations.rule();
        int calibrationImages = c.activations.calibrationImages();
        Manifest manifest = Manifest.read(c.data);
        ModelFiles.Loaded loaded = ModelFiles.read(c.model, null, 0);
        TrainableModel trained = loaded.model();
        ModelGraph graph = trained.modelGraph().orElseThrow(() -> new LowbitException(c.model + " does not record which zoo model it "
                + "is (an older DL4J zip): --format c needs a lowbit model file, which bin/lowbit train, sweep and import write"));
        Shape shape = graph.inputShape();
        if (manifest.shape() == null || manifest.shape().channels() != shape.channels() || manifest.shape().height() != shape.height()
                || manifest.shape().width() != shape.width()) {
            throw new LowbitException(c.model + " takes " + shape.channels() + "x" + shape.height() + "x" + shape.width() + " images, "
                    + "the dataset " + c.data + " has " + (manifest.shape() == null ? "images of several sizes" : manifest.shape().channels()
                    + "x" + manifest.shape().height() + "x" + manifest.shape().width()));
        }
        List<String> classes = classes(loaded, manifest, graph.classes(), c);
        boolean explicitScaling = c.spec.commandLine().getParseResult().hasMatchedOption("--normalization");
        Normalization normalization = explicitScaling ? c.evaluation.normalization(c.data) : loaded.input(Normalization.UNIT);
        QuantizationPlan plan = c.quantization.plan(trained, c.bits);

        RawImages calibration = RawImages.fromShards(c.data, "train", calibrationImages, shape);
        IntegerConversion conversion = IntegerConversion.convert(trained, loaded.engine(), plan, calibrationBatches(calibration, normalization),
                rule, normalization);
        IntegerModel integer = conversion.integer();
        String ranges = rule.kind().equals("percentile") ? "percentile " + rule.percentile() : rule.kind();
        List<String> description = List.of(
                "model: " + trained.architecture() + " (" + c.model.getFileName() + ")",
                String.format(Locale.ROOT, "weights: %d-bit symmetric grid, %s scales (%s), batch norms folded", c.bits,
                        plan.perChannel() ? "per-output-channel" : "per-tensor", plan.scaleRule()),
                String.format(Locale.ROOT, "activations: int8, asymmetric per tensor, %s ranges from the first %d training images of %s",
                        ranges, calibration.size(), Path.of(c.data).getFileName()),
                "input: " + describe(normalization) + ", then the input tensor's grid (one 256-entry table per channel)");
        CExport.write(integer, new CLibrary.Info(description, classes), c.output);
        out.println("wrote " + c.output + " (" + String.join(", ", CLibrary.FILES) + ")");
        description.forEach(out::println);
        CExport.describeSizes(integer, CToolchain.measure(c.output)).forEach(out::println);

        RawImages test = RawImages.fromShards(c.data, c.evaluation.split, c.evaluation.limit, shape);
        IntegerEvaluation eval = IntegerEvaluation.of(integer, conversion.fakeQuantized(), test, normalization);
        out.println(eval.describe("split " + c.evaluation.split) + " (Java reference of the C arithmetic)");
        return 0;
    }

    /** The calibration images as the conversion reads them: float batches of 64, scaled as the model expects. */
    static List<Tensor> calibrationBatches(RawImages calibration, Normalization normalization) {
        List<Tensor> batches = new ArrayList<>();
        for (int from = 0; from < calibration.size(); from += CALIBRATION_BATCH) {
            batches.add(calibration.floats(from, Math.min(calibration.size(), from + CALIBRATION_BATCH), normalization));
        }
        return batches;
    }

    /** The dataset's class names: as many as the model's outputs, and the model file's names where it records them. */
    private static List<String> classes(ModelFiles.Loaded loaded, Manifest manifest, int outputs, ExportCommand c) {
        List<String> data = manifest.classes();
        if (outputs != data.size()) {
            throw new LowbitException(c.model + " has " + outputs + " classes, the dataset " + c.data + " " + data.size() + " " + data);
        }
        List<String> named = loaded.classes();
        if (!named.isEmpty() && !named.equals(data)) {
            throw new LowbitException(c.model + "'s classes " + named + " are not the dataset's " + data + " (in order)");
        }
        return data;
    }

    private static String describe(Normalization n) {
        if (n.mean() == null) return "pixel / 255";
        return "(pixel / 255 - mean) / std per channel, mean " + Arrays.toString(n.mean()) + ", std " + Arrays.toString(n.std());
    }
}
