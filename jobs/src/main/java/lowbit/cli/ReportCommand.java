package lowbit.cli;

import lowbit.report.SweepReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a sweep's HTML report (DIR/report/index.html) again from its result tables, e.g. while "
                + "the sweep runs elsewhere or after it stopped.")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SweepFolderOptions folder = new SweepFolderOptions();

    @Override
    public Integer call() {
        String index = folder.withSpark(spark -> new SweepReport(spark, folder.sweep).write());
        PrintWriter out = spec.commandLine().getOut();
        out.println("report: " + index);
        out.flush();
        return 0;
    }
}
