package lowbit.jobs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import lowbit.LowbitException;
import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.export.ExportSizes;
import lowbit.engine.ModelFiles;
import lowbit.export.PackedModelReader;
import lowbit.export.PackedModelWriter;
import lowbit.ptq.QuantizationPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Post-training quantize a trained model and write it as a packed model file (docs/export-format.md);",
                "or, with --verify, reload a packed file and print its accuracy on a dataset split;",
                "or, with --format c, as a C99 library for microcontrollers in --output DIR (model.h, model.c, main.c): packed",
                "weights, int8 activations calibrated on --data's train split, int32 accumulation, TFLite's fixed-point",
                "requantization; prints flash, RAM and MACs and the integer accuracy on --split against the fake-quantized",
                "model's. It scales the input as the model file records, unless --normalization is given",
                "(docs/guide/export-and-report-layers.md#c-for-microcontrollers)."})
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL.zip", description = "Trained model: a lowbit model file (model.zip of train or sweep, or of import), or an older DL4J or torch engine file")
    Path model;

    @Option(names = "--output", paramLabel = "FILE", description = "Packed model file to write (--format c: the folder to write)")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "lowbit",
            description = "lowbit (the packed file) or c (a C99 library for microcontrollers); default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--bits", paramLabel = "B", defaultValue = "8", description = "Weight bits, 1..8 (default ${DEFAULT-VALUE})")
    int bits;

    @CommandLine.Mixin
    QuantizationOptions quantization = new QuantizationOptions();

    @Option(names = "--verify", paramLabel = "FILE", description = "Packed model file to reload and evaluate")
    Path verify;

    @Option(names = "--data", paramLabel = "SHARDS", description = "Dataset folder written by lowbit shard (with --verify; "
            + "with --format c: the calibration images, the class names and the images to evaluate on)")
    String data;

    @CommandLine.Mixin
    EvaluationOptions evaluation = new EvaluationOptions();

    @CommandLine.Mixin
    ActivationOptions activations = new ActivationOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("lowbit") && !format.equals("c")) throw new LowbitException("--format must be lowbit or c, not " + format);
        if (verify != null && format.equals("c")) {
            throw new LowbitException("--verify reads packed files; a C export is checked by building it (main.c classifies image files)");
        }
        if (verify != null) {
            require(data, "--data", "--verify");
            TrainableModel reloaded = PackedModelReader.read(verify);
            LabeledImages images = evaluation.load(data);
            out.printf("%s: accuracy %.4f on %d images of split %s%n", verify, images.accuracy(reloaded), images.size(),
                    evaluation.split);
            return 0;
        }
        require(model, "--model", "export");
        require(output, "--output", "export");
        QuantizationPlan.requireBits("--bits", bits);
        if (format.equals("c")) return CFormatExport.run(this, out);
        if (activations.quantizes()) throw new LowbitException("--activation-bits applies to --format c: the packed file stores the weights only");
        TrainableModel trained = ModelFiles.load(model);
        Engine engine = ModelFiles.engineOf(model, 0);
        ExportSizes sizes = PackedModelWriter.write(trained, quantization.plan(trained, bits), engine, output);
        out.println("wrote " + output);
        out.println(sizes.describe());
        return 0;
    }

    static void require(Object value, String option, String mode) {
        if (value == null) throw new LowbitException(option + " is required for " + mode);
    }
}
