package lowbit.report;

import lowbit.eval.WilsonInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperparameters chosen on a held-out val split (sweeps without cross-validation): per (model, method, bits,
 * layer bits, teacher, seed) the cell with the best validation accuracy is kept among the cells that differ only in a hyperparameter
 * such as QGT's lambda (the cells' method_settings), and its test accuracy is shown with a 95 % Wilson interval over the test images.
 */
public final class HoldoutSelectionTable {
    public static final List<String> COLUMNS = List.of("model", "method", "bits", "layer bits", "distilled from", "seed", "candidates",
            "val accuracy %", "test accuracy %", "95 % interval", "float accuracy %", "packed KB", "settings chosen", "cell");

    private static final String SQL = """
            WITH ranked AS (
              SELECT *, row_number() OVER (PARTITION BY model, method, coalesce(bits, 32), layer_bits, teacher, seed
                                           ORDER BY val_accuracy DESC, cell_id) AS pick,
                        count(*) OVER (PARTITION BY model, method, coalesce(bits, 32), layer_bits, teacher, seed) AS candidates
              FROM %s WHERE status = 'ok' AND fold IS NULL AND val_accuracy IS NOT NULL AND accuracy IS NOT NULL)
            SELECT model, method, coalesce(bits, 32) AS bits, coalesce(layer_bits, '') AS layer_bits,
                   coalesce(teacher, '') AS teacher, seed, candidates, val_accuracy, accuracy, test_examples,
                   float_accuracy, packed_bytes / 1024D AS packed_kb,
                   method_settings, cell_id
            FROM ranked WHERE pick = 1
            ORDER BY model, bits DESC, layer_bits, method, teacher, seed""";

    private HoldoutSelectionTable() {
    }

    /** One row per (model, method, bits, layer bits, teacher, seed) in {@link #COLUMNS} order; empty when no cell has a val accuracy. */
    public static List<Row> rows(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        if (!SweepSql.cellsHave(spark, "fold", "val_accuracy", "test_examples")) {
            return rows;
        }
        for (Row r : spark.sql(String.format(SQL, SweepSql.cellsWith(spark, "teacher", "layer_bits", "method_settings"))).collectAsList()) {
            double accuracy = r.getDouble(8);
            String interval = "";
            if (!r.isNullAt(9)) {
                WilsonInterval ci = WilsonInterval.of95(accuracy, ((Number) r.get(9)).doubleValue());
                interval = Percent.interval(ci);
            }
            rows.add(RowFactory.create(r.getString(0), r.getString(1), r.get(2), r.getString(3), r.getString(4), r.get(5), r.get(6),
                    Percent.of(r.getDouble(7)), Percent.of(accuracy), interval, r.isNullAt(10) ? "" : Percent.of(r.getDouble(10)),
                    r.isNullAt(11) ? "" : String.format("%.1f", r.getDouble(11)), ChosenSettings.of(r.getString(1), r.isNullAt(12) ? null : r.getString(12)),
                    r.getString(13)));
        }
        return rows;
    }
}
