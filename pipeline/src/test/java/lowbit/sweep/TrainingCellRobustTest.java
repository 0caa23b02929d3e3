package lowbit.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.typesafe.config.ConfigRenderOptions;
import lowbit.config.LowbitConfig;
import lowbit.data.Schemas;
import lowbit.train.FashionShards;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep cell with {@code lowbit.experiment.robust-eval}: robust accuracy columns of the cells and epochs tables. */
@Tag("spark")
@Tag("data")
class TrainingCellRobustTest {
    @TempDir
    Path tmp;

    private CellResult run(String robustEval) throws Exception {
        String json = LowbitConfig.load(null, List.of("data=" + FashionShards.small(), "epochs=1", "max-steps-per-epoch=3",
                "batch-size=16", "eval-splits=[test]", "robust-eval.enabled=" + robustEval, "robust-eval.images=64",
                "robust-eval.ifgsm-steps=2", "lowbit.experiment.robust-eval=" + robustEval,
                "lowbit.experiment.layer-sensitivity=false"), "train").root().render(ConfigRenderOptions.concise());
        return new TrainingCellRunner().run(new CellTask("t", "c" + robustEval, json, tmp.resolve(robustEval).toString(), Map.of()));
    }

    @Test
    void robustAccuraciesAreCellAndEpochColumns() throws Exception {
        CellResult result = run("true");
        Map<String, Object> cell = result.cell();
        assertEquals(64L, cell.get("robust_examples"));
        double fgsm = (Double) cell.get("robust_accuracy_fgsm");
        double ifgsm = (Double) cell.get("robust_accuracy_ifgsm");
        assertTrue(ifgsm >= 0 && ifgsm <= fgsm + 0.1 && fgsm <= 1, cell.toString());
        assertNotNull(result.epochs().get(0).get("val_robust_accuracy_ifgsm"));
        assertFields("sweep_cell.avsc", cell);
        result.epochs().forEach(row -> assertFields("sweep_epoch.avsc", row));

        CellResult plain = run("false");
        assertFalse(plain.cell().containsKey("robust_accuracy_ifgsm"));
        assertFalse(plain.epochs().get(0).containsKey("val_robust_accuracy_ifgsm"));
    }

    /** What the result tables check when they write a row. */
    private static void assertFields(String schemaFile, Map<String, Object> row) {
        Schema schema = Schemas.avro(schemaFile);
        row.keySet().forEach(key -> assertNotNull(schema.getField(key), schemaFile + " has no field " + key));
    }
}
