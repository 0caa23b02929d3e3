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
                "or, with --verify, reload a packed file and print its accuracy on a dataset split."})
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL.zip", description = "Trained model: a lowbit model file (model.zip of train or sweep, or of import), or an older DL4J or torch engine file")
    Path model;

    @Option(names = "--output", paramLabel = "FILE", description = "Packed model file to write")
    Path output;

    @Option(names = "--bits", paramLabel = "B", defaultValue = "8", description = "Weight bits, 1..8 (default ${DEFAULT-VALUE})")
    int bits;

    @CommandLine.Mixin
    QuantizationOptions quantization = new QuantizationOptions();

    @Option(names = "--verify", paramLabel = "FILE", description = "Packed model file to reload and evaluate")
    Path verify;

    @Option(names = "--data", paramLabel = "SHARDS", description = "Dataset folder written by lowbit shard (with --verify)")
    String data;

    @CommandLine.Mixin
    EvaluationOptions evaluation = new EvaluationOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
