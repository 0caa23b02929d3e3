package lowbit.bench;

import com.typesafe.config.ConfigFactory;
import lowbit.config.LowbitConfig;
import lowbit.sweep.CellResult;
import lowbit.sweep.CellRunner;
import lowbit.sweep.CellTask;
import lowbit.sweep.SweepRunner;
import lowbit.sweep.SweepSpec;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * For bench/sweep-parallelism: the sweep machinery's own cost per cell (a Spark job, the cell's result files
 * written atomically) measured with cells that do no work, run one at a time.
 * Usage: SweepOverheadBench OUTPUT_DIR CELLS
 */
public final class SweepOverheadBench {
    private SweepOverheadBench() {
    }

    /** A cell that only returns its row. */
    static final class EmptyCell implements CellRunner {
        @Override
        public CellResult run(CellTask task) {
            return new CellResult(Map.of("method", "none", "accuracy", 0.0), List.of(), List.of());
        }
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        int cells = Integer.parseInt(args[1]);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("lowbit-sweep-overhead")
                .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
        SweepSpec warm = spec(output.resolve("warm-up"), 4);
        new SweepRunner(spark, warm, new EmptyCell()).run();
        SweepSpec spec = spec(output.resolve("measured"), cells);
        long t0 = System.nanoTime();
        new SweepRunner(spark, spec, new EmptyCell()).run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("MEASURE overhead cells=%d seconds=%.2f ms_per_cell=%.0f%n", cells, seconds, 1000 * seconds / cells);
        spark.stop();
    }

    private static SweepSpec spec(Path output, int cells) throws Exception {
        Files.createDirectories(output);
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < cells; i++) {
            seeds.append(i == 0 ? "" : ", ").append(i);
        }
        return SweepSpec.from(LowbitConfig.validate(ConfigFactory.parseString("lowbit.sweep { output = \"" + output
                + "\", parallel-cells = 1, cell-mode = task, grid = [ { product { seed = [" + seeds + "] } } ] }")), "overhead");
    }
}
