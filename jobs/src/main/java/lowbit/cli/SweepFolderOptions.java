package lowbit.cli;

import lowbit.config.LowbitConfig;
import lowbit.spark.Sessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.function.Function;

/** The finished sweep folder a command reads, and the embedded Spark that reads it. */
final class SweepFolderOptions {
    @Option(names = "--sweep", required = true, paramLabel = "DIR", description = "Sweep output folder")
    String sweep;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for an embedded run (default local[*])")
    String master;

    <T> T withSpark(Function<SparkSession, T> work) {
        return Sessions.with(LowbitConfig.load(null, List.of(), "sweep"), master, work);
    }
}
