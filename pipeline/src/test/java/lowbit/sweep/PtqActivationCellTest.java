package lowbit.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
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

/**
 * PTQ sweep cells of a briefly trained LeNet on real Fashion-MNIST shards with activation-bits: the cells row
 * records them and the accuracy is the weight- and activation-quantized model's; the layers table's cumulative
 * SQNR drops when activations are quantized (2-bit activations: LeNetActivationQuantizationTest).
 */
@Tag("spark")
@Tag("data")
class PtqActivationCellTest {
    @TempDir
    Path tmp;

    private CellResult run(String id, Map<String, String> dependencies, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("data=" + FashionShards.testImages(), "epochs=1", "max-steps-per-epoch=40",
                "batch-size=32", "eval-splits=[]"));
        all.addAll(List.of(settings));
        String json = LowbitConfig.load(null, all, "train").root().render(ConfigRenderOptions.concise());
        return new TrainingCellRunner().run(new CellTask("t", id, json, tmp.resolve(id).toString(), dependencies));
    }

    @Test
    void activationBitsAreRecordedAndLowerTheCumulativeSqnr() throws Exception {
        CellResult floatCell = run("float", Map.of(), "lowbit.experiment.layer-sensitivity=false");
        assertNull(floatCell.cell().get("mcu_flash_bytes"), "a float cell has no integer program");
        assertEquals(2_293_000L, floatCell.cell().get("macs"));
        Map<String, String> base = Map.of("base_artifacts", tmp.resolve("float").toString());
        String[] ptq = {"lowbit.experiment.method=ptq", "lowbit.experiment.bits=8", "lowbit.experiment.per-channel=false"};
        CellResult weights = run("w8", base, ptq);
        CellResult a8 = run("w8a8", base, concat(ptq, "lowbit.experiment.activation-bits=8", "lowbit.experiment.calibration-images=256"));

        // the C export's footprint of the 8-bit LeNet: packed weights and constants in flash, the arena and input in RAM
        long flash = (Long) weights.cell().get("mcu_flash_bytes");
        assertTrue(flash > 430_500 && flash < 430_500 * 1.02, "flash " + flash);
        assertEquals(15_184L, weights.cell().get("mcu_ram_bytes"));
        assertEquals(2_293_000L, weights.cell().get("macs"));
        assertNull(weights.cell().get("activation_bits"));
        assertEquals(8, a8.cell().get("activation_bits"));
        assertEquals(256L, a8.cell().get("calibration_images"));
        assertNull(weights.cell().get("activation_range"));
        assertEquals("minmax", a8.cell().get("activation_range"));
        CellResult percentile = run("w8a8p", base, concat(ptq, "lowbit.experiment.activation-bits=8",
                "lowbit.experiment.calibration-images=256", "lowbit.experiment.activation-range=percentile",
                "lowbit.experiment.activation-percentile=99.9"));
        assertEquals("percentile 99.9", percentile.cell().get("activation_range"));
        assertEquals((Double) a8.cell().get("accuracy"), (Double) percentile.cell().get("accuracy"), 0.02);
        double floatAccuracy = (Double) a8.cell().get("float_accuracy");
        double accuracy8 = (Double) a8.cell().get("accuracy");
        System.out.printf("LeNet PTQ cells: float %.4f, w8 %.4f, w8a8 %.4f%n", floatAccuracy,
                (Double) weights.cell().get("accuracy"), accuracy8);
        assertTrue(floatAccuracy > 0.6, "float " + floatAccuracy);
        assertEquals(floatAccuracy, accuracy8, 0.015);

        Schema layers = Schemas.avro("sweep_layer.avsc");
        Schema cells = Schemas.avro("sweep_cell.avsc");
        a8.cell().keySet().forEach(k -> assertNotNull(cells.getField(k), "sweep_cell.avsc has no field " + k));
        for (int i = 0; i < weights.layers().size(); i++) {
            Map<String, Object> w = weights.layers().get(i);
            Map<String, Object> q8 = a8.layers().get(i);
            q8.keySet().forEach(k -> assertNotNull(layers.getField(k), "sweep_layer.avsc has no field " + k));
            assertEquals(w.get("layer"), q8.get("layer"));
            assertEquals((Double) w.get("sqnr_db"), (Double) q8.get("sqnr_db"), 1e-9, "isolated SQNR keeps float activations");
            double cw = (Double) w.get("cumulative_sqnr_db");
            double c8 = (Double) q8.get("cumulative_sqnr_db");
            assertTrue(c8 < cw, w.get("layer") + ": cumulative SQNR weights only " + cw + ", with 8-bit activations " + c8);
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
