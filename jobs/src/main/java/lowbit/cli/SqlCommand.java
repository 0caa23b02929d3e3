package lowbit.cli;

import lowbit.report.SweepSql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run Spark SQL over a sweep's result tables (views cells, epochs, layers); prints CSV with a header.")
final class SqlCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SweepFolderOptions folder = new SweepFolderOptions();

    @Option(names = "--json", description = "Print JSON lines instead of CSV")
    boolean json;

    @Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"SELECT method, bits, avg(accuracy) FROM cells GROUP BY method, bits\"")
    String sql;

    @Override
    public Integer call() {
        folder.withSpark(spark -> {
            Dataset<Row> result = SweepSql.query(spark, folder.sweep, sql);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                SweepSql.jsonLines(result).forEach(out::println);
            } else {
                SweepSql.writeCsv(result, out);
            }
            out.flush();
            return null;
        });
        return 0;
    }
}
