package lowbit.report;

import lowbit.eval.WilsonInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Cross-validated results pooled over folds and seeds: per (model, method, bits, layer bits, teacher, seed, fold) the cell with the
 * best validation-fold accuracy is kept (cells that differ only in a hyperparameter such as QGT's lambda
 * compete there, never on test images), then its test accuracy is pooled over every image of every fold.
 * The 95 % Wilson interval counts each image once (n = images per seed), as seeds test the same images.
 */
public final class CrossValidationTable {
    public static final List<String> COLUMNS = List.of("model", "method", "bits", "layer bits", "distilled from", "folds", "seeds", "images",
            "pooled accuracy %", "95 % interval", "float accuracy %", "packed KB", "settings chosen");

    private static final String SQL = """
            WITH ranked AS (
              SELECT *, row_number() OVER (PARTITION BY model, method, coalesce(bits, 32), layer_bits, teacher, seed, fold
                                           ORDER BY val_accuracy DESC NULLS LAST, cell_id) AS pick
              FROM %s WHERE status = 'ok' AND fold IS NOT NULL AND accuracy IS NOT NULL AND test_examples > 0)
            SELECT model, method, coalesce(bits, 32) AS bits, coalesce(layer_bits, '') AS layer_bits, coalesce(teacher, '') AS teacher, count(DISTINCT fold) AS folds, count(DISTINCT seed) AS seeds,
                   sum(test_examples) / count(DISTINCT seed) AS images,
                   sum(accuracy * test_examples) / sum(test_examples) AS pooled,
                   sum(float_accuracy * test_examples) / sum(test_examples) AS pooled_float,
                   avg(packed_bytes) / 1024.0 AS packed_kb,
                   collect_list(method_settings) AS settings
            FROM ranked WHERE pick = 1
            GROUP BY model, method, coalesce(bits, 32), coalesce(layer_bits, ''), coalesce(teacher, '')
            ORDER BY model, bits DESC, layer_bits, method, teacher""";

    private CrossValidationTable() {
    }

    /** One row per (model, method, bits, layer bits, teacher) in {@link #COLUMNS} order; empty when no cell cross-validates. */
    public static List<Row> rows(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        if (!SweepSql.cellsHave(spark, "fold", "val_accuracy", "test_examples")) {
            return rows;
        }
        for (Row r : spark.sql(String.format(SQL, SweepSql.cellsWith(spark, "teacher", "layer_bits", "method_settings"))).collectAsList()) {
            String method = r.getString(1);
            double images = ((Number) r.get(7)).doubleValue();
            double pooled = r.getDouble(8);
            WilsonInterval ci = WilsonInterval.of95(pooled, images);
            rows.add(RowFactory.create(r.getString(0), method, r.get(2), r.getString(3), r.getString(4), r.get(5), r.get(6),
                    Math.round(images), Percent.of(pooled), Percent.interval(ci), r.isNullAt(9) ? "" : Percent.of(r.getDouble(9)),
                    r.isNullAt(10) ? "" : String.format("%.1f", r.getDouble(10)), ChosenSettings.counted(method, r.getList(11))));
        }
        return rows;
    }
}
