package lowbit.cli;

import com.typesafe.config.Config;
import lowbit.report.SweepReport;
import lowbit.spark.Sessions;
import lowbit.sweep.Cell;
import lowbit.sweep.SweepData;
import lowbit.sweep.SweepRunner;
import lowbit.sweep.SweepSpec;
import lowbit.sweep.TrainingCellRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a compression sweep (bits x method x strength x model) as parallel Spark experiments, "
                + "append each finished cell to DIR/cells, DIR/epochs, DIR/layers and write DIR/report/index.html.")
final class SweepCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--output", paramLabel = "DIR", description = "Sweep folder (results, artifacts, report)")
    String output;

    @Option(names = "--dry-run", description = "Print the cells (id and grid values) and exit")
    boolean dryRun;

    @Option(names = "--retry-failed", description = "Rerun cells a previous run recorded as failed")
    boolean retryFailed;

    @Override
    public Integer call() {
        List<String> fromOptions = new ArrayList<>();
        if (output != null) {
            fromOptions.add("output=" + output);
        }
        if (retryFailed) {
            fromOptions.add("retry-failed=true");
        }
        Config config = options.load("sweep", fromOptions);
        String name = options.conf == null ? "sweep" : options.conf.getFileName().toString().replaceFirst("\\.conf$", "");
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            SweepSpec sweep = SweepSpec.from(SweepData.locate(config), name);
            out.println(sweep.cells().size() + " cells of sweep " + sweep.name() + ":");
            for (Cell cell : sweep.cells()) {
                String base = sweep.baseOf(cell.id());
                out.println("  " + cell.describe() + (base == null ? "" : "  (from " + base + ")"));
            }
            return 0;
        }
        Sessions.with(config, options.master, spark -> {
            SweepSpec sweep = SweepSpec.from(SweepData.ensure(spark, config), name);
            SweepRunner.Summary summary = new SweepRunner(spark, sweep, new TrainingCellRunner()).run();
            String report = new SweepReport(spark, sweep.output()).write();
            out.printf("sweep %s: %d cells, %d already done, %d finished now, %d failed%n", sweep.name(), summary.total(),
                    summary.skipped(), summary.ok(), summary.failed());
            out.println("tables: " + sweep.output() + "/{cells,epochs,layers} (query them with lowbit sql --sweep " + sweep.output() + ")");
            out.println("report: " + Path.of(report).toAbsolutePath());
            return null;
        });
        return 0;
    }
}
