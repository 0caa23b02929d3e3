package lowbit.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import lowbit.LowbitException;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.train.FashionShards;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed precision in sweep cells (lowbit.experiment.layer-bits) of a briefly trained LeNet on real Fashion-MNIST
 * shards: the hard quantization, the layers table, the packed sizes and QAT's training grids follow the per-layer
 * bits; the cells row names them.
 */
@Tag("spark")
@Tag("data")
class MixedPrecisionCellTest {
    @TempDir
    static Path tmp;

    private static CellResult run(String id, Map<String, String> dependencies, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("data=" + FashionShards.testImages(), "epochs=1", "max-steps-per-epoch=40",
                "batch-size=32", "eval-splits=[]", "lowbit.experiment.layer-sensitivity=false"));
        all.addAll(List.of(settings));
        String json = LowbitConfig.load(null, all, "train").root().render(ConfigRenderOptions.concise());
        return new TrainingCellRunner().run(new CellTask("t", id, json, tmp.resolve(id).toString(), dependencies));
    }

    private static Map<String, String> base;

    @BeforeAll
    static void trainTheFloatCell() throws Exception {
        run("float", Map.of());
        base = Map.of("base_artifacts", tmp.resolve("float").toString());
    }

    private static Map<String, Object> layerBits(CellResult r) {
        Map<String, Object> bits = new HashMap<>();
        r.layers().forEach(l -> bits.put((String) l.get("layer"), l.get("bits")));
        return bits;
    }

    @Test
    void ptqCellsQuantizeEachLayerAtItsBitsAndPayForThemInBytes() throws Exception {
        CellResult uniform2 = run("ptq2", base, "lowbit.experiment.method=ptq", "lowbit.experiment.bits=2");
        CellResult uniform8 = run("ptq8", base, "lowbit.experiment.method=ptq", "lowbit.experiment.bits=8");
        CellResult mixed = run("ptq2-conv8", base, "lowbit.experiment.method=ptq", "lowbit.experiment.bits=2",
                "lowbit.experiment.layer-bits=[\"conv*=8\"]");

        assertNull(uniform2.cell().get("layer_bits"));
        assertEquals("conv*=8", mixed.cell().get("layer_bits"));
        assertEquals(2, mixed.cell().get("bits"));
        assertEquals(Map.of("conv1/W", 8, "conv2/W", 8, "fc1/W", 2, "fc2/W", 2), layerBits(mixed));
        // conv1 (500 weights) and conv2 (25,000) at 8 bits: 25,500 bytes of codes instead of at most 6,375 at 2 bits
        // (fewer when a 2-bit layer is stored as a bitmap and its nonzeros); the scales are the same either way
        long extra = (Long) mixed.cell().get("theoretical_bytes") - (Long) uniform2.cell().get("theoretical_bytes");
        assertTrue(extra >= 25_500 - 6_375 && extra <= 25_500, "bytes the 8-bit conv layers add: " + extra);
        long packed = (Long) mixed.cell().get("packed_bytes");
        assertTrue(packed > (Long) uniform2.cell().get("packed_bytes") && packed < (Long) uniform8.cell().get("packed_bytes"));
        long flash = (Long) mixed.cell().get("mcu_flash_bytes");
        assertTrue(flash > (Long) uniform2.cell().get("mcu_flash_bytes") && flash < (Long) uniform8.cell().get("mcu_flash_bytes"),
                "the C export packs each layer at its bits: " + flash);
        System.out.printf("LeNet PTQ: 2-bit %.4f, 2-bit with conv at 8 %.4f, 8-bit %.4f%n", (Double) uniform2.cell().get("accuracy"),
                (Double) mixed.cell().get("accuracy"), (Double) uniform8.cell().get("accuracy"));
    }

    @Test
    void qatTrainsOnTheMixedGridsAndTheLayerReportFollowsThem() throws Exception {
        CellResult qat = run("qat-mixed", base, "lowbit.experiment.method=qat", "lowbit.experiment.bits=2",
                "lowbit.experiment.layer-bits=[\"fc2=8\", \"conv1=4\"]", "lowbit.experiment.layer-sensitivity=true");
        assertEquals("fc2=8, conv1=4", qat.cell().get("layer_bits"));
        assertEquals(Map.of("conv1/W", 4, "conv2/W", 2, "fc1/W", 2, "fc2/W", 8), layerBits(qat));
        assertTrue((Double) qat.cell().get("accuracy") > 0.5, "QAT on mixed grids learns: " + qat.cell().get("accuracy"));
    }

    @Test
    void theExperimentPassesItsLayerBitsToQatAndQgtTraining() {
        Config c = LowbitConfig.load(null, List.of("lowbit.experiment.method=qgt", "lowbit.experiment.bits=2",
                "lowbit.experiment.layer-bits=[\"b*.dw=8\", \"fc=4\"]"), "train");
        Config train = CellExperiment.from(c).trainConfig(c, null, false);
        assertEquals(List.of("b*.dw=8", "fc=4"), train.getStringList("lowbit.train.qgt.layer-bits"));
        assertEquals(List.of("b*.dw=8", "fc=4"), train.getStringList("lowbit.train.qat.layer-bits"));
        assertEquals(2, train.getInt("lowbit.train.qgt.bits"));
    }

    @Test
    void badLayerBitsAreErrorsNamingTheKey() {
        ConfigError range = assertThrows(ConfigError.class, () -> CellExperiment.from(LowbitConfig.load(null,
                List.of("lowbit.experiment.method=ptq", "lowbit.experiment.bits=2", "lowbit.experiment.layer-bits=[\"fc=9\"]"), "train")));
        assertTrue(range.getMessage().contains("lowbit.experiment.layer-bits") && range.getMessage().contains("fc=9"), range.getMessage());
        ConfigError floatCell = assertThrows(ConfigError.class, () -> CellExperiment.from(LowbitConfig.load(null,
                List.of("lowbit.experiment.layer-bits=[\"fc=4\"]"), "train")));
        assertTrue(floatCell.getMessage().contains("lowbit.experiment.layer-bits"), floatCell.getMessage());
        LowbitException unknown = assertThrows(LowbitException.class, () -> run("typo", base, "lowbit.experiment.method=ptq",
                "lowbit.experiment.bits=2", "lowbit.experiment.layer-bits=[\"conv3=8\"]"));
        assertTrue(unknown.getMessage().contains("lowbit.experiment.layer-bits names layers the model lacks [conv3]"), unknown.getMessage());
    }
}
