package lowbit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import lowbit.LowbitException;
import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;
import lowbit.engine.ActivationQuantizer;
import lowbit.eval.LabeledImages;
import lowbit.engine.ModelFiles;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.report.BottleneckAnalysis;
import lowbit.report.LayerReport;
import lowbit.report.LayerReportTable;
import lowbit.report.LayerReportWriter;
import lowbit.spark.Sessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report-layers", mixinStandardHelpOptions = true,
        description = {"Quantization bottleneck report of a trained model at a bit width: per layer rho, isolated accuracy drop,",
                "isolated and cumulative SQNR, bytes, and a mixed-precision allocation against uniform bits; with",
                "--activation-bits the cumulative SQNR includes calibrated activation quantization too.",
                "Prints the table and writes it as Parquet (data-schemas/layer_report.avsc)."})
final class ReportLayersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "Trained model: a lowbit model file (model.zip of train or sweep, or of import), or an older DL4J or torch engine file")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SHARDS", description = "Dataset folder written by lowbit shard")
    String data;

    @Option(names = "--bits", required = true, paramLabel = "B", description = "Weight bits, 1..8")
    int bits;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet folder to write (must not exist)")
    String output;

    @CommandLine.Mixin
    QuantizationOptions quantization = new QuantizationOptions();

    @CommandLine.Mixin
    EvaluationOptions evaluation = new EvaluationOptions();

    @CommandLine.Mixin
    ActivationOptions activations = new ActivationOptions();

    @Option(names = "--sqnr-images", paramLabel = "N", defaultValue = "256", description = "Images for the activation SQNRs (default ${DEFAULT-VALUE})")
    int sqnrImages;

    @Option(names = "--mixed-budget", paramLabel = "BYTES", defaultValue = "0",
            description = {"Stored weight bytes (codes and scales) the mixed-precision allocation may use, searched from --bits",
                    "and --layer-bits; default: the bytes of that plan itself"})
    long mixedBudget;

    @Option(names = "--allocation", paramLabel = "FILE.conf",
            description = {"Write the mixed-precision allocation as a config file (lowbit.experiment.layer-bits and",
                    "lowbit.experiment.bits) to include in an experiment or sweep, or copy into --layer-bits"})
    Path allocation;

    @Override
    public Integer call() throws java.io.IOException {
        QuantizationPlan.requireBits("--bits", bits);
        TrainableModel trained = ModelFiles.load(model);
        Engine engine = ModelFiles.engineOf(model, 0);
        QuantizationPlan plan = quantization.plan(trained, bits);
        LabeledImages eval = evaluation.load(data);
        int n = Math.min(sqnrImages, eval.size());
        ActivationQuantizer quantizedActivations = activations.calibrate(
                activations.quantizes() ? PostTrainingQuantization.quantizedCopy(trained, plan, engine) : trained, data,
                evaluation.normalization(data));
        if (mixedBudget < 0) throw new LowbitException("--mixed-budget must be at least 0, not " + mixedBudget);
        LayerReport report;
        try {
            report = BottleneckAnalysis.run(trained, engine, plan, eval, eval.batch(0, n), quantizedActivations, mixedBudget);
        } catch (IllegalArgumentException e) { // a budget below the plan's own bytes
            throw new LowbitException("--mixed-budget: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (activations.quantizes()) out.println(activations.describe());
        out.print(LayerReportTable.format(report));
        MixedAllocation mixed = MixedAllocation.of(report.mixedBits(), bits);
        out.println("mixed allocation: --bits " + bits + " --layer-bits " + mixed.optionValue());
        if (allocation != null) {
            mixed.writeConfig(allocation, "report-layers of " + model.getFileName() + " at " + bits + " bits, "
                    + report.mixedBytes() + " weight bytes");
            out.println("allocation written to " + allocation);
        }
        SparkSession spark = Sessions.create(options.load("report-layers", List.of()), options.master);
        try {
            LayerReportWriter.write(spark, report, output);
        } finally {
            if (!Sessions.underSparkSubmit()) spark.stop();
        }
        out.println("report written to " + output);
        return 0;
    }
}
