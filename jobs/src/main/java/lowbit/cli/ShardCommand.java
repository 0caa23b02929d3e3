package lowbit.cli;

import com.typesafe.config.Config;
import lowbit.data.inspect.DatasetSummary;
import lowbit.data.shard.Manifest;
import lowbit.data.shard.ShardJob;
import lowbit.data.shard.ShardSpec;
import lowbit.spark.Sessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "shard", mixinStandardHelpOptions = true,
        description = "Shard an image dataset in its published layout into Parquet (Spark job).")
final class ShardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--format", description = "cifar10-bin, cifar100-bin, folders, imagenet-val, idx or vww-coco")
    String format;

    @Option(names = "--input", paramLabel = "PATH", description = "Source file or folder")
    String input;

    @Option(names = "--output", paramLabel = "PATH", description = "Dataset folder to write")
    String output;

    @Option(names = "--size", paramLabel = "HxW", description = "Resize the shorter side and center crop")
    String size;

    @Option(names = "--grayscale", description = "One channel (ITU-R 601 luma)")
    boolean grayscale;

    @Option(names = "--overwrite", description = "Replace an existing dataset at --output")
    boolean overwrite;

    @Override
    public Integer call() {
        List<String> fromOptions = new ArrayList<>();
        addIf(fromOptions, "format", format);
        addIf(fromOptions, "input", input);
        addIf(fromOptions, "output", output);
        addIf(fromOptions, "size", size);
        if (grayscale) {
            fromOptions.add("grayscale=true");
        }
        if (overwrite) {
            fromOptions.add("overwrite=true");
        }
        Config config = options.load("shard", fromOptions);
        ShardSpec shardSpec = ShardSpec.from(config);
        Sessions.with(config, options.master, spark -> {
            Manifest manifest = ShardJob.run(spark, shardSpec);
            spec.commandLine().getOut().println(DatasetSummary.of(manifest, shardSpec.output()));
            return null;
        });
        return 0;
    }

    private static void addIf(List<String> settings, String key, String value) {
        if (value != null) {
            settings.add(key + "=" + value);
        }
    }
}
