package lowbit.rvscgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import lowbit.data.source.SourceFiles;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment with the shipped defaults reaches the target of issue 7 for every threshold and writes its results. */
@Tag("unit")
class RvscgdExperimentTest {

    @Test
    void defaultsReachTheTargetForEveryThresholdAndWriteTableAndChart(@TempDir Path dir) throws IOException {
        RvscgdSpec spec = RvscgdTest.spec(List.of());
        List<ThresholdResult> results = RvscgdExperiment.run(spec, dir);

        assertEquals(3, results.size());
        for (ThresholdResult r : results) {
            IterationMetrics m = r.last();
            System.out.printf(Locale.ROOT, "%s: angle(u) %.2f, angle(w) %.2f, precision %.3f, recall %.3f, sparsity %.3f, held from %d%n",
                    r.setting().name(), m.angleDeg(), m.angleWDeg(), m.precision(), m.recall(), m.sparsity(), r.targetHeldFrom());
            assertTrue(r.meetsTarget(), r.setting().name() + " misses the target: " + m);
            assertTrue(r.targetHeldFrom() > 0 && r.targetHeldFrom() <= spec.iterations() / 2,
                    r.setting().name() + " holds the target only from " + r.targetHeldFrom());
            assertTrue(r.iterations().get(0).angleWDeg() > 45, "a random start is far from the teacher");
        }

        assertTrue(Files.size(dir.resolve(RvscgdExperiment.CHART)) > 1000);
        List<GenericRecord> l1 = read(dir.resolve("iterations/threshold=l1/part-rvscgd.parquet"));
        assertEquals(spec.iterations() + 1, l1.size());
        IterationMetrics last = results.get(1).last();
        GenericRecord row = l1.get(spec.iterations());
        assertEquals(spec.iterations(), row.get("iteration"));
        assertEquals(last.angleDeg(), (double) row.get("angle_deg"));
        assertEquals(last.precision(), (double) row.get("precision"));
        assertEquals(last.loss(), (double) row.get("loss"));
        assertEquals(5e-5, (double) row.get("lambda"));
        assertEquals(0L, row.get("seed"));
        try (var partitions = Files.list(dir.resolve(RvscgdExperiment.TABLE))) {
            assertEquals(List.of("threshold=l0", "threshold=l1", "threshold=transformed-l1"),
                    partitions.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
        }
    }

    @Test
    void undefinedMetricsAreNullAndARerunReplacesTheTable(@TempDir Path dir) throws IOException {
        // a cut above every weight of a unit vector zeroes u: no angle, no precision
        RvscgdSpec all = RvscgdTest.spec(List.of("iterations=3"));
        RvscgdExperiment.run(all, dir);
        RvscgdSpec empty = RvscgdTest.spec(List.of("iterations=3", "thresholds=[l0]", "l0.lambda=1", "l0.beta=1"));
        RvscgdExperiment.run(empty, dir);
        try (var partitions = Files.list(dir.resolve(RvscgdExperiment.TABLE))) {
            assertEquals(List.of("threshold=l0"), partitions.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList());
        }
        GenericRecord row = read(dir.resolve("iterations/threshold=l0/part-rvscgd.parquet")).get(3);
        assertNull(row.get("angle_deg"));
        assertNull(row.get("precision"));
        assertEquals(0.0, (double) row.get("recall"));
        assertEquals(1.0, (double) row.get("sparsity"));
    }

    private static List<GenericRecord> read(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), SourceFiles.hadoopConf())).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                rows.add(r);
            }
        }
        return rows;
    }
}
