package lowbit.report;

import lowbit.LowbitException;
import lowbit.data.source.SourceFiles;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The HTML report of a sweep: Spark SQL over its tables, JFreeChart charts (accuracy vs packed size with
 * the Pareto frontier, accuracy vs bits per method, sparsity vs accuracy, per-layer bottlenecks) and the
 * tables behind them, written to {@code DIR/report/index.html} atomically.
 */
public final class SweepReport {
    private final SparkSession spark;
    private final String sweepDir;

    public SweepReport(SparkSession spark, String sweepDir) {
        this.spark = spark;
        this.sweepDir = sweepDir;
    }

    /** Writes the report; returns the path of its index.html. */
    public String write() {
        List<String> tables = SweepSql.register(spark, sweepDir);
        java.nio.file.Path local;
        try {
            local = Files.createTempDirectory("lowbit-report");
            Html html = new Html("lowbit sweep report: " + sweepDir);
            summary(html);
            crossValidation(html);
            holdoutSelection(html);
            accuracyVsSize(html, local);
            accuracyVsBits(html, local);
            sparsity(html, local);
            if (tables.contains("layers")) {
                bottlenecks(html, local);
            }
            cellsTable(html);
            Files.writeString(local.resolve("index.html"), html.finish(), StandardCharsets.UTF_8);
            return publish(local);
        } catch (IOException e) {
            throw new LowbitException("cannot write the report of " + sweepDir + ": " + e.getMessage(), e);
        }
    }

    private void summary(Html html) {
        List<Row> rows = spark.sql("SELECT first(sweep), count(*), sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END), "
                + "min(started), max(finished) FROM cells").collectAsList();
        Row r = rows.get(0);
        html.paragraph("Sweep " + r.get(0) + ": " + r.get(1) + " cells, " + r.get(2) + " finished, from " + r.get(3)
                + " to " + r.get(4) + ".");
        html.table(spark.sql("SELECT method, coalesce(bits, 32) AS bits, count(*) AS cells, "
                + "round(avg(accuracy) * 100, 2) AS accuracy_pct, round(stddev_samp(accuracy) * 100, 2) AS std_pct, "
                + "round(avg(packed_bytes) / 1024, 1) AS packed_kb, round(avg(compression_ratio), 1) AS ratio, "
                + "round(avg(weight_sparsity) * 100, 1) AS sparsity_pct "
                + "FROM cells WHERE status = 'ok' GROUP BY method, coalesce(bits, 32) ORDER BY method, bits DESC").collectAsList(),
                List.of("method", "bits", "cells", "accuracy %", "std %", "packed KB", "ratio", "weight sparsity %"));
    }

    private void crossValidation(Html html) {
        selection(html, CrossValidationTable.rows(spark), CrossValidationTable.COLUMNS,
                "Cross-validation, pooled over folds and seeds",
                "Per seed and fold, the cell with the best validation-fold accuracy is kept (lambda is chosen "
                        + "there, never on test images); its test-fold accuracy is pooled over every image. The 95 % Wilson "
                        + "interval counts each image once.");
    }

    private void holdoutSelection(Html html) {
        selection(html, HoldoutSelectionTable.rows(spark), HoldoutSelectionTable.COLUMNS, "Chosen on the validation split",
                "Per model, method, bits and seed, the cell whose compressed model scores best on the val split "
                        + "is kept among the cells that differ only in a hyperparameter (lambda is chosen there, never on "
                        + "test images); the 95 % Wilson interval is over its test images.");
    }

    /** A section for a table of cells chosen on held-out data; none when no cell was. */
    private static void selection(Html html, List<Row> rows, List<String> columns, String heading, String how) {
        if (rows.isEmpty()) {
            return;
        }
        html.heading(heading);
        html.paragraph(how);
        html.table(rows, columns);
    }

    private void accuracyVsSize(Html html, java.nio.file.Path dir) throws IOException {
        Map<String, List<double[]>> points = grouped("SELECT method, packed_bytes / 1024.0, accuracy * 100 FROM cells "
                + "WHERE status = 'ok' AND packed_bytes IS NOT NULL AND accuracy IS NOT NULL");
        html.heading("Accuracy vs packed size");
        if (points.isEmpty()) {
            html.paragraph("No cell reports a packed size.");
            return;
        }
        Charts.scatterWithFrontier("Accuracy vs packed model size", "packed size (KB)", "test accuracy (%)", series(points),
                dir.resolve("accuracy_vs_size.png"));
        html.image("accuracy_vs_size.png", "accuracy vs packed size with the Pareto frontier");
        List<double[]> all = points.values().stream().flatMap(List::stream).toList();
        List<Row> frontier = new ArrayList<>();
        for (double[] p : Pareto.frontier(all)) {
            frontier.add(org.apache.spark.sql.RowFactory.create(String.format("%.1f", p[0]), String.format("%.2f", p[1])));
        }
        html.table(frontier, List.of("packed KB", "accuracy %"));
    }

    private void accuracyVsBits(Html html, java.nio.file.Path dir) throws IOException {
        Map<String, List<double[]>> points = grouped("SELECT method, coalesce(bits, 32), avg(accuracy) * 100 FROM cells "
                + "WHERE status = 'ok' AND accuracy IS NOT NULL GROUP BY method, coalesce(bits, 32)");
        html.heading("Accuracy vs bits per method");
        if (points.isEmpty()) {
            html.paragraph("No finished cell reports an accuracy.");
            return;
        }
        Charts.lines("Accuracy vs bits (mean over seeds)", "weight bits", "test accuracy (%)", series(points),
                dir.resolve("accuracy_vs_bits.png"));
        html.image("accuracy_vs_bits.png", "accuracy vs bits per method");
    }

    private void sparsity(Html html, java.nio.file.Path dir) throws IOException {
        Map<String, List<double[]>> points = grouped("SELECT method, weight_sparsity * 100, accuracy * 100 FROM cells "
                + "WHERE status = 'ok' AND weight_sparsity IS NOT NULL AND accuracy IS NOT NULL");
        html.heading("Sparsity vs accuracy");
        if (points.isEmpty()) {
            html.paragraph("No cell reports a weight sparsity.");
            return;
        }
        Charts.lines("Weight sparsity vs accuracy", "weight sparsity (%)", "test accuracy (%)", series(points),
                dir.resolve("sparsity_vs_accuracy.png"));
        html.image("sparsity_vs_accuracy.png", "weight sparsity vs accuracy");
    }

    private void bottlenecks(Html html, java.nio.file.Path dir) throws IOException {
        List<Row> rows = spark.sql("SELECT l.method, l.layer, avg(l.rho) AS rho, min(l.bits) FROM layers l "
                + "WHERE l.rho IS NOT NULL AND l.bits = (SELECT min(bits) FROM layers WHERE rho IS NOT NULL) "
                + "GROUP BY l.method, l.layer ORDER BY l.method, l.layer").collectAsList();
        html.heading("Per-layer bottlenecks");
        if (rows.isEmpty()) {
            html.paragraph("No per-layer quantization error was recorded.");
            return;
        }
        Map<String, Map<String, Double>> byMethod = new LinkedHashMap<>();
        for (Row r : rows) {
            byMethod.computeIfAbsent(r.getString(0), m -> new LinkedHashMap<>()).put(r.getString(1), r.getDouble(2));
        }
        Charts.bars("Relative quantization error per layer at " + rows.get(0).get(3) + " bits",
                "layer", "rho = ||W - Q(W)||^2 / ||W||^2", byMethod, dir.resolve("layer_bottlenecks.png"));
        html.image("layer_bottlenecks.png", "per-layer relative quantization error");
        html.table(spark.sql("SELECT method, layer, bits, round(avg(rho), 4), round(avg(sensitivity) * 100, 2), "
                + "round(avg(sqnr_db), 1), max(parameters), max(bytes) FROM layers GROUP BY method, layer, bits "
                + "ORDER BY method, bits, layer").collectAsList(),
                List.of("method", "layer", "bits", "rho", "isolated drop %", "SQNR dB", "parameters", "bytes"));
    }

    private void cellsTable(Html html) {
        html.heading("Cells");
        html.table(spark.sql("SELECT cell_id, method, model, coalesce(bits, 32), seed, status, round(float_accuracy * 100, 2), "
                + "round(accuracy * 100, 2), packed_bytes, theoretical_bytes, round(compression_ratio, 1), "
                + "round(train_seconds, 1), coalesce(error, '') FROM cells ORDER BY method, bits, seed").collectAsList(),
                List.of("cell", "method", "model", "bits", "seed", "status", "float acc %", "acc %", "packed B",
                        "theoretical B", "ratio", "train s", "error"));
    }

    /** Rows of (series name, x, y) grouped by name. */
    private Map<String, List<double[]>> grouped(String sql) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            points.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                    .add(new double[]{((Number) r.get(1)).doubleValue(), ((Number) r.get(2)).doubleValue()});
        }
        return points;
    }

    private static List<Charts.Series> series(Map<String, List<double[]>> points) {
        return points.entrySet().stream().map(e -> new Charts.Series(e.getKey(), e.getValue())).toList();
    }

    private String publish(java.nio.file.Path local) throws IOException {
        Path target = new Path(sweepDir, "report");
        FileSystem fs = SourceFiles.fs(sweepDir);
        Path staging = new Path(sweepDir, ".report-" + UUID.randomUUID());
        fs.copyFromLocalFile(true, true, new Path(local.toUri()), staging);
        if (fs.exists(target)) {
            fs.delete(target, true);
        }
        if (!fs.rename(staging, target)) {
            throw new IOException("cannot rename " + staging + " to " + target);
        }
        return new Path(target, "index.html").toString();
    }
}
