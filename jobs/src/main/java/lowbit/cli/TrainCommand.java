package lowbit.cli;

import com.typesafe.config.Config;
import lowbit.spark.Sessions;
import lowbit.train.RunOutput;
import lowbit.train.job.TrainJob;
import lowbit.train.TrainSpec;
import lowbit.train.TrainSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a zoo model on a sharded dataset (Spark data-parallel SGD by default) and write its results.")
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "Run folder (local path or Hadoop filesystem URI): checkpoint, epochs/, summary/, model.zip, provenance.json")
    String output;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset folder written by lowbit shard")
    String data;

    @Option(names = "--resume", description = "Continue the run in --output from its last checkpoint")
    boolean resume;

    @Override
    public Integer call() {
        List<String> fromOptions = new ArrayList<>();
        if (data != null) {
            fromOptions.add("data=" + data);
        }
        if (resume) {
            fromOptions.add("resume=true");
        }
        Config config = options.load("train", fromOptions);
        TrainSpec trainSpec = TrainSpec.from(config);
        PrintWriter out = spec.commandLine().getOut();
        Sessions.with(config, options.master, spark -> {
            TrainSummary s = TrainJob.run(spark, trainSpec, RunOutput.of(output), line -> out.println("lowbit: " + line));
            s.evaluations().forEach(e -> out.printf(Locale.ROOT, "%s accuracy %.2f%% (loss %.4f, %d images)%n",
                    e.split(), 100 * e.accuracy(), e.loss(), e.examples()));
            out.println("results in " + output);
            return null;
        });
        return 0;
    }
}
