package lowbit.report;

import lowbit.eval.WilsonInterval;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
class CrossValidationTableTest {

    @Test
    void lambdaIsChosenOnTheValidationFoldAndTestAccuracyIsPooledOverImages() {
        SparkSession spark = TestSpark.session();
        List<Row> rows = new ArrayList<>();
        // fold 0 (100 images): lambda 1000 validates better; fold 1 (300 images): lambda 10000 does
        rows.add(cell("a", 0, 0.60, 0.50, 100, 1000));
        rows.add(cell("b", 0, 0.55, 0.90, 100, 10000));
        rows.add(cell("c", 1, 0.40, 0.10, 300, 1000));
        rows.add(cell("d", 1, 0.70, 0.70, 300, 10000));
        rows.add(RowFactory.create("e", "m", "qgt", 2, 0L, 1, "failed", null, null, null, null, null, null));
        SelectionCells.register(spark, rows);

        List<Row> table = CrossValidationTable.rows(spark);
        assertEquals(1, table.size());
        Row r = table.get(0);
        assertEquals("", r.get(4), "not distilled (a cells table from before the teacher column)");
        assertEquals(2L, r.get(5), "folds");
        assertEquals(400L, r.get(7), "images");
        assertEquals("65.00", r.get(8), "(0.5 * 100 + 0.7 * 300) / 400: the test accuracy of the cells chosen on validation");
        assertEquals("lambda=1000 x1, lambda=10000 x1", r.get(12), "lambda chosen per fold");
        String[] ci = ((String) r.get(9)).split(" - ");
        assertTrue(Double.parseDouble(ci[0]) < 65 && Double.parseDouble(ci[1]) > 65, r.get(9).toString());
    }

    /** Distilled and plain cells are separate rows: validation never picks between them. */
    @Test
    void distilledCellsAreTheirOwnRow() {
        SparkSession spark = TestSpark.session();
        List<Row> rows = new ArrayList<>();
        rows.add(withTeacher(cell("a", 0, 0.60, 0.50, 100, 1000), null));
        rows.add(withTeacher(cell("b", 0, 0.90, 0.70, 100, 1000), "base"));
        SelectionCells.registerWithTeacher(spark, rows);
        List<Row> table = CrossValidationTable.rows(spark);
        assertEquals(2, table.size(), table.toString());
        assertEquals("", table.get(0).get(4));
        assertEquals("50.00", table.get(0).get(8), "the plain cell, though the distilled one validates better");
        assertEquals("base", table.get(1).get(4));
        assertEquals("70.00", table.get(1).get(8));
    }

    /** A mixed-precision cell never competes with the uniform cell of its bits: its own row, its layer bits shown. */
    @Test
    void mixedPrecisionCellsAreTheirOwnRow() {
        SparkSession spark = TestSpark.session();
        List<Row> rows = new ArrayList<>();
        rows.add(withLayerBits(withTeacher(cell("a", 0, 0.60, 0.50, 100, 1000), null), null));
        rows.add(withLayerBits(withTeacher(cell("b", 0, 0.90, 0.80, 100, 1000), null), "conv=8, b*.dw=8"));
        SelectionCells.registerWithTeacherAndLayerBits(spark, rows);
        List<Row> table = CrossValidationTable.rows(spark);
        assertEquals(2, table.size(), table.toString());
        assertEquals("", table.get(0).get(3));
        assertEquals("50.00", table.get(0).get(8), "the uniform cell, though the mixed one validates better");
        assertEquals("conv=8, b*.dw=8", table.get(1).get(3));
        assertEquals("80.00", table.get(1).get(8));
    }

    private static Row withLayerBits(Row r, String layerBits) {
        return withTeacher(r, layerBits); // appends one last value
    }

    private static Row withTeacher(Row r, String teacher) {
        Object[] values = new Object[r.length() + 1];
        for (int i = 0; i < r.length(); i++) values[i] = r.get(i);
        values[r.length()] = teacher;
        return RowFactory.create(values);
    }

    @Test
    void wilsonIntervalMatchesTheTextbookValue() {
        WilsonInterval ci = WilsonInterval.of95(0.6, 200);
        assertEquals(0.5308, ci.low(), 1e-4); // 120 of 200 images
        assertEquals(0.6654, ci.high(), 1e-4);
        WilsonInterval all = WilsonInterval.of95(1.0, 10);
        assertEquals(1.0, all.high(), 1e-12);
        assertEquals(0.7225, all.low(), 1e-4, "10 of 10: n / (n + z^2)");
    }

    private static Row cell(String id, int fold, double val, double test, long images, int lambda) {
        return RowFactory.create(id, "m", "qgt", 2, 0L, fold, "ok", val, test, 0.8, images, 4096L,
                SelectionCells.qgtSettings(lambda));
    }
}
