package lowbit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

import lowbit.LowbitException;
import lowbit.imports.ModelImport;
import lowbit.model.ModelFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn a published model into a lowbit model file (DIR/model.zip) that every command reads: today Keras "
                + "HDF5 MobileNetV1s (Keras applications' layout, MLPerf Tiny's person detector), mapped onto lowbit's MobileNetV1 "
                + "with the options that reproduce them (biases, TensorFlow same padding, ReLU or ReLU6, batch-norm epsilon).",
                "The first layer that does not map is named with the reason (exit code 2)."})
final class ImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "keras-h5")
    String format;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The model file to import")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder to write model.zip into")
    Path output;

    @Option(names = "--engine", paramLabel = "NAME", description = "Engine to check the model on and record: torch (default) or dl4j")
    String engine;

    @Option(names = "--classes", paramLabel = "A,B,...", split = ",", description = "Class names in output order (as many as the model's classes)")
    List<String> classes = List.of();

    @Option(names = "--head", paramLabel = "keep|new:N", defaultValue = "keep",
            description = "keep the classifier, or replace it by a fresh N-class one (fine-tuning for another task); default ${DEFAULT-VALUE}")
    String head;

    @Option(names = "--input-scaling", paramLabel = "unit|symmetric",
            description = "How the model was trained to see pixels: unit x/255 or symmetric x/127.5-1; default symmetric for "
                    + "Keras-applications models (their layer names), else unit")
    String scaling;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of a new head's initialization (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int newHead = parseHead(head);
        ModelImport.InputScaling inputScaling = scaling == null ? null : switch (scaling) {
            case "unit" -> ModelImport.InputScaling.UNIT;
            case "symmetric" -> ModelImport.InputScaling.SYMMETRIC;
            default -> throw new LowbitException("--input-scaling must be unit or symmetric, not '" + scaling + "'");
        };
        Path target = output.resolve("model.zip");
        if (Files.exists(target)) throw new LowbitException(target + " exists; choose another --output");
        ModelFile model = ModelImport.run(new ModelImport.Request(format, input, engine, classes, newHead, inputScaling, seed));
        Files.createDirectories(output);
        Path partial = output.resolve(".model.zip.partial");
        model.write(partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        out.printf("%s -> %s: %s, %d parameters, input %s, classes %s%n", input, target, model.architecture(), model.parameters().length,
                model.provenance().get("input_scaling"), model.classes().isEmpty() ? "(unnamed)" : model.classes());
        return 0;
    }

    private static int parseHead(String head) {
        if (head.equals("keep")) return 0;
        if (head.startsWith("new:")) {
            try {
                int n = Integer.parseInt(head.substring(4));
                if (n >= 2) return n;
            } catch (NumberFormatException ignored) {
                // the message below
            }
        }
        throw new LowbitException("--head must be keep or new:N with N >= 2, not '" + head + "'");
    }
}
