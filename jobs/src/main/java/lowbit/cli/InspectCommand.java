package lowbit.cli;

import lowbit.data.inspect.DatasetSummary;
import lowbit.data.inspect.SampleImages;
import lowbit.data.read.ImageExample;
import lowbit.data.shard.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a sharded dataset's manifest and a few records; optionally save sample images.")
final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "Dataset folder written by lowbit shard")
    String path;

    @Option(names = "--json", description = "Print the manifest as JSON")
    boolean json;

    @Option(names = "--records", paramLabel = "N", defaultValue = "5", description = "Records to show per split (default ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--png", paramLabel = "DIR", description = "Save the shown records as PNG files in DIR")
    Path png;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Manifest manifest = Manifest.read(path);
        if (json) {
            out.println(manifest.toJson());
        } else {
            out.println(DatasetSummary.of(manifest, path));
        }
        for (String split : manifest.splits().keySet()) {
            List<ImageExample> examples = SampleImages.first(path, split, records);
            if (!json) {
                out.println(split + ":");
                for (ImageExample e : examples) {
                    out.printf("  %-40s label %d (%s) %dx%dx%d%n", e.id(), e.label(), manifest.classes().get(e.label()),
                            e.channels(), e.height(), e.width());
                }
            }
            if (png != null) {
                SampleImages.writePngs(examples, split, manifest.classes(), png);
            }
        }
        if (png != null && !json) {
            out.println("sample images written to " + png);
        }
        return 0;
    }
}
