package lowbit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Self-contained experiments of the methods' papers (synthetic data, no Spark).",
        subcommands = {RvscgdCommand.class})
final class ExperimentCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an experiment is required: rvscgd");
    }
}
