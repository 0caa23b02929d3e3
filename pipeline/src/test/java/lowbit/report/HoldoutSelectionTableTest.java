package lowbit.report;

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
class HoldoutSelectionTableTest {

    @Test
    void theCellWithTheBestValAccuracyIsKeptWithItsTestAccuracy() {
        SparkSession spark = TestSpark.session();
        List<Row> rows = new ArrayList<>();
        // lambda 8000 has the best test accuracy, but 2000 validates best: 2000 is chosen
        rows.add(qgt("a", 0.70, 0.75, 500));
        rows.add(qgt("b", 0.72, 0.74, 2000));
        rows.add(qgt("c", 0.71, 0.80, 8000));
        rows.add(RowFactory.create("d", "m", "qgt", 2, 0L, null, "failed", null, null, null, null, null, null));
        rows.add(RowFactory.create("e", "m", "qgt", 2, 0L, 0, "ok", 0.99, 0.99, 0.8, 100L, 4096L, null));
        rows.add(RowFactory.create("f", "m", "qat", 2, 0L, null, "ok", 0.60, 0.65, 0.8, 10000L, 4096L, null));
        SelectionCells.register(spark, rows);

        List<Row> table = HoldoutSelectionTable.rows(spark);
        assertEquals(List.of("qat", "qgt"), table.stream().map(r -> r.getString(1)).toList());
        Row q = table.get(1);
        assertEquals(3L, q.get(6), "candidates: the failed and the cross-validated cells do not compete");
        assertEquals("72.00", q.get(7));
        assertEquals("74.00", q.get(8));
        assertEquals("lambda=2000", q.get(12));
        assertEquals("b", q.get(13));
        String[] ci = ((String) q.get(9)).split(" - ");
        assertTrue(Double.parseDouble(ci[0]) < 74 && Double.parseDouble(ci[1]) > 74 && Double.parseDouble(ci[1]) < 75,
                "10,000 test images: about +-0.9 points, " + q.get(9));
        assertEquals("", table.get(0).get(12), "no lambda for qat");
    }

    private static Row qgt(String id, double val, double test, int lambda) {
        return RowFactory.create(id, "m", "qgt", 2, 0L, null, "ok", val, test, 0.8, 10000L, 4096L,
                SelectionCells.qgtSettings(lambda));
    }
}
