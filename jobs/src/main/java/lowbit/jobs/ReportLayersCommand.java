package lowbit.jobs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

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

    @Override
    public Integer call() {
        QuantizationPlan.requireBits("--bits", bits);
        TrainableModel trained = ModelFiles.load(model);
        Engine engine = ModelFiles.engineOf(model, 0);
        QuantizationPlan plan = quantization.plan(trained, bits);
        LabeledImages eval = evaluation.load(data);
        int n = Math.min(sqnrImages, eval.size());
        ActivationQuantizer quantizedActivations = activations.calibrate(
                activations.quantizes() ? PostTrainingQuantization.quantizedCopy(trained, plan, engine) : trained, data,
                evaluation.normalization(data));
        LayerReport report = BottleneckAnalysis.run(trained, engine, plan, eval, eval.batch(0, n), quantizedActivations);
        PrintWriter out = spec.commandLine().getOut();
        if (activations.quantizes()) out.println(activations.describe());
        out.print(LayerReportTable.format(report));
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
