package lowbit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import lowbit.config.LowbitConfig;
import lowbit.rvscgd.RvscgdExperiment;
import lowbit.rvscgd.RvscgdSpec;
import lowbit.rvscgd.ThresholdResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rvscgd", mixinStandardHelpOptions = true,
        description = {"RVSCGD teacher-student experiment (Dinh and Xin; docs/methods.md): learn a sparse filter of a binarized-activation",
                "CNN from Gaussian samples by coarse gradient descent with l0 / l1 / transformed-l1 relaxed variable splitting.",
                "Writes DIR/iterations (Parquet, data-schemas/rvscgd_iteration.avsc) and DIR/angle.png."})
final class RvscgdCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Result folder (local path); its table and chart are replaced")
    Path output;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON config file")
    Path conf;

    @Parameters(paramLabel = "key=value", description = "Config overrides, relative to lowbit.rvscgd (e.g. l1.lambda=1e-4)")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        RvscgdSpec rvscgd = RvscgdSpec.from(LowbitConfig.load(conf, overrides, "rvscgd"));
        List<ThresholdResult> results = RvscgdExperiment.run(rvscgd, output);
        PrintWriter out = spec.commandLine().getOut();
        results.forEach(r -> out.println(r.summary()));
        out.println("results in " + output);
        return 0;
    }
}
