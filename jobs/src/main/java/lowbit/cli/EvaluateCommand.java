package lowbit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.LowbitException;
import lowbit.data.ResultTable;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.eval.ModelEvaluation;
import lowbit.eval.SplitAccuracy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"A model's accuracy on a sharded dataset, per split and over the splits together, with its 95 %% Wilson "
                + "interval and every class's accuracy (recall) and count; optionally every image's prediction as Parquet.",
                "Works on model files of train, sweep and import and on packed .lowbit exports."})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--data", required = true, paramLabel = "SHARDS", description = "Dataset folder written by lowbit shard")
    String data;

    @Option(names = "--splits", paramLabel = "S1,S2|all", defaultValue = "test", split = ",",
            description = "Splits to evaluate (default ${DEFAULT-VALUE}); all: every split of the dataset")
    List<String> splits;

    @Option(names = "--json", description = "Print the result as JSON")
    boolean json;

    @Option(names = "--predictions", paramLabel = "DIR",
            description = "Write every image's prediction as a Parquet table (data-schemas/prediction.avsc, partitioned by split) to DIR")
    String predictions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Manifest manifest = Manifest.read(data);
        List<String> chosen = splits.equals(List.of("all")) ? new ArrayList<>(manifest.splits().keySet()) : splits;
        for (String s : chosen) {
            if (!manifest.splits().containsKey(s)) throw new LowbitException("the dataset " + data + " has no split '" + s + "'; it has " + manifest.splits().keySet());
        }
        if (predictions != null && Files.exists(Path.of(predictions))) {
            throw new LowbitException("--predictions " + predictions + " exists; choose a new folder");
        }
        ModelOptions.Loaded loaded = modelOptions.load();
        Normalization normalization = modelOptions.normalization(loaded, data);
        int outputs = loaded.model().modelGraph().map(g -> g.classes()).orElse(manifest.classes().size());
        List<String> classes = ModelOptions.classes(loaded, manifest, outputs, modelOptions.model, data);
        List<SplitAccuracy> results = new ArrayList<>();
        List<Map<String, Object>> rows = predictions == null ? null : new ArrayList<>();
        String modelName = modelOptions.model.toString();
        for (String s : chosen) {
            results.add(ModelEvaluation.split(loaded.model(), data, s, normalization, classes.size(),
                    rows == null ? null : p -> rows.add(ModelEvaluation.row(p, classes, modelName))));
        }
        SplitAccuracy all = SplitAccuracy.pooled(String.join("+", chosen), results);
        if (rows != null) new ResultTable(predictions, "prediction.avsc").write("predictions", rows);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", modelName);
            doc.put("data", data);
            doc.put("engine", loaded.engine().name());
            doc.put("splits", results.stream().map(r -> json(r, classes)).toList());
            doc.put("all", json(all, classes));
            out.println(new ObjectMapper().writeValueAsString(doc));
        } else {
            out.printf("%s on %s (engine %s, input %s)%n", modelName, data, loaded.engine().name(), describe(normalization));
            for (SplitAccuracy r : results) print(out, r, classes);
            if (results.size() > 1) print(out, all, classes);
            if (rows != null) out.println("predictions of " + rows.size() + " images written to " + predictions);
        }
        return 0;
    }

    private static void print(PrintWriter out, SplitAccuracy r, List<String> classes) {
        out.printf(Locale.ROOT, "%s: %d of %d correct, %.2f %% (95 %% interval %.2f - %.2f)%n", r.split(), r.correct(), r.examples(),
                100 * r.accuracy(), 100 * r.interval().low(), 100 * r.interval().high());
        for (int c = 0; c < classes.size(); c++) {
            out.printf(Locale.ROOT, "  %-24s %6d of %6d  %s%n", classes.get(c), r.classCorrect()[c], r.classExamples()[c],
                    r.classExamples()[c] == 0 ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * r.recall(c)));
        }
    }

    private static Map<String, Object> json(SplitAccuracy r, List<String> classes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", r.split());
        m.put("examples", r.examples());
        m.put("correct", r.correct());
        m.put("accuracy", r.accuracy());
        m.put("interval95", List.of(r.interval().low(), r.interval().high()));
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("class", classes.get(c));
            k.put("examples", r.classExamples()[c]);
            k.put("correct", r.classCorrect()[c]);
            k.put("recall", r.classExamples()[c] == 0 ? null : r.recall(c));
            perClass.add(k);
        }
        m.put("classes", perClass);
        return m;
    }

    static String describe(Normalization n) {
        if (n.mean() == null) return "x / 255";
        return "(x / 255 - " + java.util.Arrays.toString(n.mean()) + ") / " + java.util.Arrays.toString(n.std());
    }
}
