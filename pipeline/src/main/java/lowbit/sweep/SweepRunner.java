package lowbit.sweep;

import lowbit.data.ResultTable;
import lowbit.BuildInfo;
import lowbit.LowbitException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a sweep's cells as concurrent Spark jobs (one single-task job per cell, so a small cell runs on one
 * executor core while others run beside it) and appends each finished cell's rows to the result tables
 * atomically. Finished cells are skipped on a rerun; failed ones are rerun when asked. A cell's epochs
 * and layers rows are written before its cells row, which marks it finished.
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    private final SparkSession spark;
    private final SweepSpec spec;
    private final CellRunner runner;
    private final ResultTable cells;
    private final ResultTable epochs;
    private final ResultTable layers;

    public SweepRunner(SparkSession spark, SweepSpec spec, CellRunner runner) {
        this.spark = spark;
        this.spec = spec;
        this.runner = runner;
        this.cells = new ResultTable(spec.output() + "/cells", "sweep_cell.avsc");
        this.epochs = new ResultTable(spec.output() + "/epochs", "sweep_epoch.avsc");
        this.layers = new ResultTable(spec.output() + "/layers", "sweep_layer.avsc");
    }

    public record Summary(int total, int skipped, int ok, int failed) {
    }

    public Summary run() {
        try (SweepLock ignored = SweepLock.acquire(spec.output())) {
            Map<String, String> status = statuses();
            int parallel = spec.parallelCells() > 0 ? spec.parallelCells() : spark.sparkContext().defaultParallelism();
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            Map<String, CompletableFuture<String>> futures = new LinkedHashMap<>();
            int[] skipped = {0};
            try {
                for (Cell cell : spec.cells()) {
                    schedule(cell, status, futures, pool, skipped);
                }
                CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
            } finally {
                pool.shutdownNow();
            }
            int ok = 0;
            int failed = 0;
            for (CompletableFuture<String> f : futures.values()) {
                String s = f.join();
                ok += s.equals(OK) ? 1 : 0;
                failed += s.equals(FAILED) ? 1 : 0;
            }
            return new Summary(spec.cells().size(), skipped[0], ok - skipped[0], failed);
        }
    }

    private CompletableFuture<String> schedule(Cell cell, Map<String, String> status,
                                               Map<String, CompletableFuture<String>> futures, ExecutorService pool, int[] skipped) {
        CompletableFuture<String> existing = futures.get(cell.id());
        if (existing != null) {
            return existing;
        }
        String previous = status.get(cell.id());
        CompletableFuture<String> future;
        if (OK.equals(previous) || (FAILED.equals(previous) && !spec.retryFailed())) {
            LOG.info("cell {} already {}: skipped", cell.describe(), previous);
            skipped[0] += OK.equals(previous) ? 1 : 0;
            future = CompletableFuture.completedFuture(previous);
        } else {
            String baseId = spec.baseOf(cell.id());
            CompletableFuture<String> base = baseId == null ? CompletableFuture.completedFuture(OK)
                    : schedule(spec.cell(baseId), status, futures, pool, skipped);
            future = base.thenApplyAsync(baseStatus -> OK.equals(baseStatus) ? runCell(cell, baseId)
                    : record(cell, baseId, Instant.now(), null, "its base cell " + baseId + " did not finish"), pool);
        }
        futures.put(cell.id(), future);
        return future;
    }

    private String runCell(Cell cell, String baseId) {
        Instant started = Instant.now();
        Map<String, String> dependencies = baseId == null ? Map.of() : Map.of("base", baseId, "base_artifacts", artifacts(baseId));
        CellTask task = new CellTask(spec.name(), cell.id(), cell.json(), artifacts(cell.id()), dependencies);
        LOG.info("cell {}: started", cell.describe());
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            jsc.setJobGroup("lowbit-cell-" + cell.id(), "sweep " + spec.name() + " cell " + cell.describe(), true);
            CellResult result;
            if (spec.cellMode().equals("job") || (spec.cellMode().equals("auto") && runner.prefersJob(task, spec.jobMacs()))) {
                LOG.info("cell {}: runs as a distributed Spark job", cell.id());
                // a pool per cell: the FAIR scheduler shares the executors between concurrent cells' jobs
                jsc.setLocalProperty("spark.scheduler.pool", "lowbit-cell-" + cell.id());
                result = runner.runAsJob(spark, task);
            } else {
                CellRunner r = runner;
                result = jsc.parallelize(List.of(task), 1).map(r::run).collect().get(0);
            }
            return record(cell, baseId, started, result, null);
        } catch (Exception e) { // Spark's job failures are checked exceptions thrown from Scala
            return record(cell, baseId, started, null, rootMessage(e));
        }
    }

    private String artifacts(String cellId) {
        return new Path(spec.output(), "artifacts/" + cellId).toString();
    }

    private synchronized String record(Cell cell, String baseId, Instant started, CellResult result, String error) {
        String status = error == null ? OK : FAILED;
        Map<String, Object> row = new HashMap<>(result == null ? Map.of() : result.cell());
        row.putIfAbsent("method", cell.config().getString("lowbit.experiment.method"));
        row.putIfAbsent("seed", cell.config().getLong("lowbit.train.seed"));
        row.put("sweep", spec.name());
        row.put("cell_id", cell.id());
        row.put("status", status);
        row.put("error", error);
        row.put("base_cell_id", baseId);
        row.put("started", started.toString());
        row.put("finished", Instant.now().toString());
        row.put("config", cell.json());
        Map<String, String> versions = BuildInfo.versions(spark.version());
        if (result != null && result.cell().get("versions") instanceof Map<?, ?> machine) {
            machine.forEach((k, v) -> versions.put(String.valueOf(k), String.valueOf(v)));
        }
        row.put("versions", versions);
        if (result != null) {
            epochs.write(cell.id(), withKeys(result.epochs(), cell.id(), row.get("method")));
            layers.write(cell.id(), withKeys(result.layers(), cell.id(), row.get("method")));
        }
        cells.write(cell.id(), List.of(row));
        LOG.info("cell {}: {}{}", cell.describe(), status, error == null ? "" : " (" + error + ")");
        return status;
    }

    private List<Map<String, Object>> withKeys(List<Map<String, Object>> rows, String cellId, Object method) {
        List<Map<String, Object>> keyed = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> k = new HashMap<>(r);
            k.put("sweep", spec.name());
            k.put("cell_id", cellId);
            k.put("method", method);
            keyed.add(k);
        }
        return keyed;
    }

    /** Status of every cell recorded so far, from the cells table. */
    private Map<String, String> statuses() {
        Map<String, String> status = new HashMap<>();
        if (cells.names().isEmpty()) {
            return status;
        }
        for (var r : spark.read().parquet(cells.root()).select("cell_id", "status").collectAsList()) {
            status.put(r.getString(0), r.getString(1));
        }
        return status;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof LowbitException) {
                break;
            }
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

}
