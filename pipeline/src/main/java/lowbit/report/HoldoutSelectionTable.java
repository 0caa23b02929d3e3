package lowbit.report;

import lowbit.eval.WilsonInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperparameters chosen on a held-out val split (sweeps without cross-validation): per (model, method, bits,
 * seed) the cell with the best validation accuracy is kept among the cells that differ only in a hyperparameter
 * such as QGT's lambda, and its test accuracy is shown with a 95 % Wilson interval over the test images.
 */
public final class HoldoutSelectionTable {
    public static final List<String> COLUMNS = List.of("model", "method", "bits", "seed", "candidates",
            "val accuracy %", "test accuracy %", "95 % interval", "float accuracy %", "packed KB", "lambda chosen", "cell");

    private static final String SQL = """
            WITH ranked AS (
              SELECT *, row_number() OVER (PARTITION BY model, method, coalesce(bits, 32), seed
                                           ORDER BY val_accuracy DESC, cell_id) AS pick,
                        count(*) OVER (PARTITION BY model, method, coalesce(bits, 32), seed) AS candidates
              FROM cells WHERE status = 'ok' AND fold IS NULL AND val_accuracy IS NOT NULL AND accuracy IS NOT NULL)
            SELECT model, method, coalesce(bits, 32) AS bits, seed, candidates, val_accuracy, accuracy, test_examples,
                   float_accuracy, packed_bytes / 1024D AS packed_kb,
                   get_json_object(config, '$.lowbit.train.qgt.lambda') AS lambda, cell_id
            FROM ranked WHERE pick = 1
            ORDER BY model, bits DESC, method, seed""";

    private HoldoutSelectionTable() {
    }

    /** One row per (model, method, bits, seed) in {@link #COLUMNS} order; empty when no cell has a val accuracy. */
    public static List<Row> rows(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        if (!SweepSql.cellsHave(spark, "fold", "val_accuracy", "test_examples")) {
            return rows;
        }
        for (Row r : spark.sql(SQL).collectAsList()) {
            double accuracy = r.getDouble(6);
            String interval = "";
            if (!r.isNullAt(7)) {
                WilsonInterval ci = WilsonInterval.of95(accuracy, ((Number) r.get(7)).doubleValue());
                interval = Percent.interval(ci);
            }
            boolean qgt = r.getString(1).equals("qgt");
            rows.add(RowFactory.create(r.getString(0), r.getString(1), r.get(2), r.get(3), r.get(4), Percent.of(r.getDouble(5)),
                    Percent.of(accuracy), interval, r.isNullAt(8) ? "" : Percent.of(r.getDouble(8)),
                    r.isNullAt(9) ? "" : String.format("%.1f", r.getDouble(9)), qgt && !r.isNullAt(10) ? r.getString(10) : "",
                    r.getString(11)));
        }
        return rows;
    }
}
