package lowbit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import lowbit.LowbitException;
import lowbit.data.Schemas;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.eval.LabeledImages;
import lowbit.ptq.QuantizationPlan;
import lowbit.testdata.TrainedLeNet;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bottleneck report of a trained LeNet at 2 bits per tensor on real Fashion-MNIST test images. */
@Tag("spark")
@Tag("data")
class LeNetReportTest {
    static LayerReport report;

    @TempDir
    Path tmp;

    @BeforeAll
    static void report() {
        TrainableModel model = TrainedLeNet.model();
        LabeledImages test = TrainedLeNet.testImages();
        LabeledImages first500 = new LabeledImages(test.batch(0, 500), Arrays.copyOf(test.labels(), 500));
        report = BottleneckAnalysis.run(model, new Dl4jEngine(), QuantizationPlan.uniform(model, 2, false, true),
                first500, test.batch(0, 100));
        System.out.print(LayerReportTable.format(report));
    }

    @Test
    void oneRowPerWeightLayerWithSaneValues() {
        assertEquals(List.of("conv1/W", "conv2/W", "fc1/W", "fc2/W"), report.rows().stream().map(LayerReportRow::layer).toList());
        assertEquals(List.of(500L, 25_000L, 400_000L, 5_000L), report.rows().stream().map(LayerReportRow::parameters).toList());
        for (LayerReportRow r : report.rows()) {
            assertTrue(r.rho() > 0 && r.rho() <= 1, r.layer() + " rho " + r.rho());
            assertEquals(report.floatAccuracy() - r.isolatedAccuracy(), r.isolatedAccuracyDrop(), 1e-12);
            assertTrue(r.quantizedBytes() < r.floatBytes() / 10, r.layer() + " at 2 bits");
            assertTrue(Double.isFinite(r.isolatedSqnrDb()) && Double.isFinite(r.cumulativeSqnrDb()), r.layer());
        }
        LayerReportRow first = report.rows().get(0);
        assertEquals(first.isolatedSqnrDb(), first.cumulativeSqnrDb(), 0.0, "only the first layer is quantized in both");
        // At 2 bits per tensor most weights round to 0: rho is large and the last cumulative SQNR is low.
        assertTrue(report.rows().get(2).rho() > 0.5, "fc1 rho " + report.rows().get(2).rho());
    }

    @Test
    void mixedPrecisionFitsTheUniformBytesAndBeatsCollapsedUniformBits() {
        assertTrue(report.mixedBytes() <= report.uniformBytes());
        assertTrue(report.mixedBits().values().stream().anyMatch(b -> b != 2), "mixed bits " + report.mixedBits());
        assertTrue(report.mixedAccuracy() > report.uniformAccuracy() + 0.2, LayerReportTable.format(report));
    }

    @Test
    void parquetTableHasTheAvroSchemaAndTheRows() {
        String out = tmp.resolve("report").toString();
        LayerReportWriter.write(TestSpark.session(), report, out);
        Dataset<Row> table = TestSpark.session().read().parquet(out);
        assertEquals(Arrays.asList(Schemas.spark(Schemas.LAYER_REPORT).fieldNames()), Arrays.asList(table.schema().fieldNames()));
        List<Row> rows = table.orderBy("position").collectAsList();
        assertEquals(report.rows().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(report.rows().get(i).toRow(), rows.get(i));
        }
        assertThrows(LowbitException.class, () -> LayerReportWriter.write(TestSpark.session(), report, out));
    }
}
