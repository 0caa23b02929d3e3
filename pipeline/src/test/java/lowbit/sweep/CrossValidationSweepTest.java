package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.data.shard.Manifest;
import lowbit.report.CrossValidationTable;
import lowbit.report.SweepSql;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k-fold cross-validation as a sweep axis on the real Visual Wake Words subset, through the training cell runner. */
@Tag("spark")
@Tag("data")
class CrossValidationSweepTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Manifest manifest;

    @BeforeAll
    static void shardIntoThreeFolds() {
        data = tmp.resolve("vww-folds");
        manifest = Shard.run("folders", SharedData.path("vww96"), data, "size=32x32", "grayscale=true", "shards=2",
                "split.mode=folds", "split.folds=3");
    }

    private static Config sweep(Path output, String grid, String... extra) {
        return LowbitConfig.validate(ConfigFactory.parseString("""
                lowbit.train { data = "%s", model.name = lenet, epochs = 1, batch-size = 32, max-steps-per-epoch = 4 }
                lowbit.experiment.layer-sensitivity = false
                lowbit.sweep { name = cv, output = "%s", parallel-cells = 2, grid = [ %s ] }
                %s""".formatted(data, output, grid, String.join("\n", extra))));
    }

    @Test
    void foldCellsTrainOnTheOtherFoldsAndValidateOnTheNext() {
        assertEquals(Set.of("fold-0", "fold-1", "fold-2"), manifest.splits().keySet());
        Config config = sweep(tmp.resolve("unused"), "", "lowbit.experiment.fold = 1");
        Config train = CellExperiment.from(config).trainConfig(config, manifest, false);
        assertEquals("fold-0", train.getString("lowbit.train.train-split"));
        assertEquals(List.of("fold-2"), train.getStringList("lowbit.train.eval-splits"));
        assertEquals("fold-1", CellExperiment.from(config).testSplit());

        Config noValidation = config.withFallback(ConfigFactory.empty())
                .withValue("lowbit.experiment.fold-validation", com.typesafe.config.ConfigValueFactory.fromAnyRef(false));
        Config all = CellExperiment.from(noValidation).trainConfig(noValidation, manifest, false);
        assertEquals("fold-0+fold-2", all.getString("lowbit.train.train-split"));

        Config tooFar = sweep(tmp.resolve("unused"), "", "lowbit.experiment.fold = 3");
        assertTrue(assertThrows(ConfigError.class, () -> CellExperiment.from(tooFar).trainConfig(tooFar, manifest, false))
                .getMessage().contains("lowbit.experiment.fold = 3"));
    }

    @Test
    void everyImageIsTestedOnceAndTheReportPoolsTheFolds() {
        Path out = tmp.resolve("sweep");
        SweepSpec spec = SweepSpec.from(sweep(out, """
                { product { fold = [0, 1, 2] }, then = [ { method = none },
                  { method = ptq, bits = 4, from { method = none, bits = null } } ] }"""), "cv");
        assertEquals(6, spec.cells().size());
        SweepRunner.Summary summary = new SweepRunner(TestSpark.session(), spec, new TrainingCellRunner()).run();
        assertEquals(new SweepRunner.Summary(6, 0, 6, 0), summary);

        SweepSql.register(TestSpark.session(), out.toString());
        List<Row> floats = TestSpark.session().sql("SELECT fold, test_examples, val_accuracy, accuracy FROM cells "
                + "WHERE method = 'none' ORDER BY fold").collectAsList();
        assertEquals(List.of(0, 1, 2), floats.stream().map(r -> r.getInt(0)).toList());
        for (int f = 0; f < 3; f++) {
            assertEquals(manifest.splits().get("fold-" + f).records(), floats.get(f).getLong(1), "fold " + f + " is its test set");
            assertNotNull(floats.get(f).get(2), "validated on the next fold");
        }
        long images = manifest.splits().values().stream().mapToLong(Manifest.SplitCounts::records).sum();
        assertEquals(1000, images);

        List<Row> pooled = CrossValidationTable.rows(TestSpark.session());
        assertEquals(Set.of("none", "ptq"), pooled.stream().map(r -> r.getString(1)).collect(Collectors.toSet()));
        for (Row r : pooled) {
            assertEquals(3L, r.get(5), "folds");
            assertEquals(images, r.get(7), "every image tested once");
        }
    }

    @Test
    void aCellRunsAsADistributedSparkJobInJobMode() {
        String grid = "{ fold = 0, method = none }";
        Path task = tmp.resolve("task-mode");
        Path job = tmp.resolve("job-mode");
        new SweepRunner(TestSpark.session(), SweepSpec.from(sweep(task, grid, "lowbit.sweep.cell-mode = task"), "cv"),
                new TrainingCellRunner()).run();
        new SweepRunner(TestSpark.session(), SweepSpec.from(sweep(job, grid, "lowbit.sweep.cell-mode = job",
                "lowbit.train.workers = 2"), "cv"), new TrainingCellRunner()).run();
        Row t = TestSpark.session().read().parquet(task.resolve("cells").toString()).collectAsList().get(0);
        Row j = TestSpark.session().read().parquet(job.resolve("cells").toString()).collectAsList().get(0);
        assertEquals("task", t.getAs("cell_mode"));
        assertEquals("job", j.getAs("cell_mode"), String.valueOf((Object) j.getAs("error")));
        assertEquals((long) t.getAs("test_examples"), (long) j.getAs("test_examples"));
        // the same 4 steps of 32 images, drawn by 2 Spark partitions of 16 instead of one reader
        List<Row> epochs = TestSpark.session().read().parquet(job.resolve("epochs").toString()).collectAsList();
        assertEquals(1, epochs.size());
        assertTrue((double) epochs.get(0).getAs("images_per_second") > 0);
        assertEquals((long) t.getAs("float_bytes"), (long) j.getAs("float_bytes"), "the same model");
    }

    @Test
    void onlyRunsTheMatchingCellsAndTheCellsTheyBuildOn() {
        SweepSpec spec = SweepSpec.from(sweep(tmp.resolve("only"), """
                { product { fold = [0, 1, 2] }, then = [ { method = none },
                  { method = ptq, bits = 4, from { method = none, bits = null } } ] }""",
                "lowbit.sweep.only = [\"fold=2\", \"method=ptq\"]"), "cv");
        assertEquals(2, spec.cells().size(), "the fold-2 ptq cell and its float cell");
        assertEquals(Set.of("ptq", "none"), spec.cells().stream()
                .map(c -> String.valueOf(c.assignment().get("method"))).collect(Collectors.toSet()));
        assertEquals(4, SweepSpec.from(sweep(tmp.resolve("either"), """
                { product { fold = [0, 1, 2] }, then = [ { method = none },
                  { method = ptq, bits = 4, from { method = none, bits = null } } ] }""",
                "lowbit.sweep.only = [\"fold=0|2\", \"method=ptq\"]"), "cv").cells().size(), "folds 0 and 2, ptq and float");
        assertTrue(assertThrows(ConfigError.class, () -> SweepSpec.from(sweep(tmp.resolve("none"), "{ method = none }",
                "lowbit.sweep.only = [\"fold=7\"]"), "cv")).getMessage().contains("matches no cell"));
    }
}
