package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lowbit.config.LowbitConfig;
import lowbit.data.shard.Manifest;
import lowbit.report.SweepSql;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without cross-validation, a dataset's own val split scores every cell's compressed model for selection. */
@Tag("spark")
@Tag("data")
class HoldoutValidationSweepTest {
    @TempDir
    Path tmp;

    private Config sweep(Path data, Path output) {
        return LowbitConfig.validate(ConfigFactory.parseString("""
                lowbit.train { data = "%s", model.name = lenet, epochs = 1, batch-size = 32, max-steps-per-epoch = 4 }
                lowbit.experiment.layer-sensitivity = false
                lowbit.sweep { name = holdout, output = "%s", grid = [ { method = none },
                  { method = ptq, bits = 2, from { method = none, bits = null } } ] }
                """.formatted(data, output)));
    }

    @Test
    void cellsOfADatasetWithAValSplitRecordTheirValidationAccuracy() {
        Path data = tmp.resolve("vww-hash");
        Manifest manifest = Shard.run("folders", SharedData.path("vww96"), data, "size=32x32", "grayscale=true",
                "shards=2", "split.mode=hash");
        assertTrue(manifest.splits().containsKey("val"), manifest.splits().keySet().toString());
        Path out = tmp.resolve("sweep");
        new SweepRunner(TestSpark.session(), SweepSpec.from(sweep(data, out), "holdout"), new TrainingCellRunner()).run();

        SweepSql.register(TestSpark.session(), out.toString());
        List<Row> cells = TestSpark.session().sql("SELECT method, val_accuracy, accuracy FROM cells ORDER BY method")
                .collectAsList();
        assertEquals(List.of("none", "ptq"), cells.stream().map(r -> r.getString(0)).toList());
        double floatVal = cells.get(0).getDouble(1);
        double ptqVal = cells.get(1).getDouble(1);
        assertTrue(floatVal > 0 && floatVal <= 1, "float val accuracy " + floatVal);
        assertTrue(ptqVal >= 0 && ptqVal <= 1, "ptq val accuracy " + ptqVal);
        long valImages = manifest.splits().get("val").records();
        // accuracies over the val split are multiples of 1 / its image count
        assertEquals(Math.round(floatVal * valImages), floatVal * valImages, 1e-6);
    }

    @Test
    void aDatasetWithoutAValSplitHasNone() {
        Path data = tmp.resolve("vww-folds");
        Manifest manifest = Shard.run("folders", SharedData.path("vww96"), data, "size=32x32", "grayscale=true",
                "shards=2", "split.mode=folds", "split.folds=3");
        Config config = sweep(data, tmp.resolve("unused"));
        assertNull(CellExperiment.from(config).validationSplit(manifest));
    }
}
