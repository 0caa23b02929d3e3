package lowbit.export;

import lowbit.engine.dl4j.Dl4jNetworks;

import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.model.LeNet;
import lowbit.ptq.QuantizationPlan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A float model with mostly zero weights (what RVSM leaves) is stored as bitmap + nonzeros and reloads exactly. */
@Tag("unit")
class SparseFloatExportTest {
    @TempDir
    Path tmp;

    @Test
    void sparseFloatWeightsShrinkTheFileAndReloadExactly() {
        TrainableModel model = Dl4jNetworks.build(LeNet.mnist(5));
        float[] params = model.parameters();
        long zeroed = 0;
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight()) {
                float[] w = v.read(params);
                for (int i = 0; i < w.length; i++) {
                    if (i % 10 != 0) {
                        w[i] = 0f;
                        zeroed++;
                    }
                }
                v.write(params, w);
            }
        }
        model.setParameters(params);
        QuantizationPlan floatPlan = QuantizationPlan.uniform(model, 8, true, false).restrictedTo(List.of());
        ExportSizes sizes = PackedModelWriter.write(model, floatPlan, new Dl4jEngine(), tmp.resolve("sparse.lowbit"));

        long dense = 4L * model.parameterCount();
        assertTrue(sizes.fileBytes() < dense / 3, "90 % zeros: " + sizes.describe());
        assertTrue(sizes.fileOverTheoretical() < 1.05, sizes.describe());
        assertTrue(zeroed > 0.8 * model.parameterCount());
        TrainableModel reloaded = PackedModelReader.read(tmp.resolve("sparse.lowbit"));
        assertArrayEquals(model.parameters(), reloaded.parameters());
        assertEquals(model.parameterCount(), reloaded.parameterCount());
    }
}
