package lowbit.cli;

import lowbit.BuildInfo;
import lowbit.LowbitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code lowbit} command line: one subcommand per job; the work itself lives in the pipeline library. */
@Command(name = "lowbit", mixinStandardHelpOptions = true, versionProvider = LowbitCli.Version.class,
        description = "Compress convolutional networks for tiny devices by training them on Apache Spark.",
        subcommands = {ShardCommand.class, InspectCommand.class, TrainCommand.class, ImportCommand.class, EvaluateCommand.class,
                ExportCommand.class,
                ReportLayersCommand.class, SweepCommand.class, SqlCommand.class, ReportCommand.class, ExperimentCommand.class,
                CommandLine.HelpCommand.class})
public final class LowbitCli implements Runnable {
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line; returns the exit code (0 success, 2 bad input or usage, 1 unexpected failure). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            lowbit.engine.NumericKernels.apply(); // before anything loads OpenBLAS or libtorch
        } catch (IllegalArgumentException e) { // a lowbit.kernels value that names no mode
            err.println("lowbit: " + e.getMessage());
            return USER_ERROR;
        }
        CommandLine cli = new CommandLine(new LowbitCli());
        cli.getSubcommands().get("shard").getCommandSpec().usageMessage().footer(ConfigOptions.keysFooter("shard"));
        cli.getSubcommands().get("train").getCommandSpec().usageMessage().footer(ConfigOptions.keysFooter("train"));
        cli.getSubcommands().get("sweep").getCommandSpec().usageMessage()
                .footer(ConfigOptions.keysFooter("sweep", "experiment", "train"));
        cli.getSubcommands().get("experiment").getSubcommands().get("rvscgd").getCommandSpec().usageMessage()
                .footer(ConfigOptions.keysFooterWithoutSpark("rvscgd"));
        cli.setUsageHelpWidth(120);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof LowbitException ? USER_ERROR : 1);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof LowbitException) {
                commandLine.getErr().println("lowbit: " + e.getMessage());
                return USER_ERROR;
            }
            commandLine.getErr().println("lowbit: unexpected failure: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("lowbit: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USER_ERROR;
        });
        return cli.execute(args);
    }

    /** The build's versions, then this machine's CPU and the numeric kernels lowbit runs on it: what a result depends on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Map<String, String> lines = new java.util.LinkedHashMap<>(BuildInfo.versions(null));
            lines.putAll(lowbit.engine.CpuInfo.provenance());
            return lines.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
        }
    }
}
