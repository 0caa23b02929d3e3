package lowbit.cli;

import com.typesafe.config.Config;
import lowbit.config.LowbitConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every Spark command shares: a HOCON file, key=value overrides and the Spark master. */
final class ConfigOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON config file (see conf/)")
    Path conf;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for an embedded run (default local[*]); ignored under spark-submit")
    String master;

    @Parameters(paramLabel = "key=value", description = "Config overrides; keys are relative to the command's section unless they start with lowbit.")
    List<String> overrides = new ArrayList<>();

    Config load(String section, List<String> fromOptions) {
        List<String> all = new ArrayList<>(fromOptions);
        all.addAll(overrides);
        return LowbitConfig.load(conf, all, section);
    }

    /** Every key of the given sections (the first is the command's own) and of lowbit.spark, with defaults. */
    static String keysFooter(String... sections) {
        return footer(true, sections);
    }

    /** Every key of a command's section that runs without Spark, with defaults. */
    static String keysFooterWithoutSpark(String section) {
        return footer(false, section);
    }

    private static String footer(boolean spark, String... sections) {
        List<String> lines = new ArrayList<>();
        for (String section : sections) {
            lines.add("");
            lines.add("Config keys (lowbit." + section + ".*), with defaults" + (section.equals(sections[0])
                    ? "; set them in --conf FILE or as key=value:" : ":"));
            lines.addAll(LowbitConfig.describeKeys(section));
        }
        if (spark) {
            lines.add("");
            lines.add("Spark keys (lowbit.spark.*):");
            lines.addAll(LowbitConfig.describeKeys("spark"));
        }
        // picocli treats footers as format strings
        return String.join("%n", lines.stream().map(l -> l.replace("%", "%%")).toList());
    }
}
