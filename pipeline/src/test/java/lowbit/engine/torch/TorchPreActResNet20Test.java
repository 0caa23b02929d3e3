package lowbit.engine.torch;

import lowbit.engine.dl4j.Dl4jEngine;

import java.nio.file.Path;
import java.util.Map;

import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;
import lowbit.testing.CifarJpegBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pre-activation ResNet-20 on the torch engine: DL4J's parameter count, training on real CIFAR-10, save and load. */
@Tag("data")
class TorchPreActResNet20Test {

    @Test
    void parameterCountsEqualTheDl4jZoos() {
        assertEquals(269_722, Zoo.torch("preact-resnet20", Map.of(), 1).parameterCount());
        assertEquals(new Dl4jEngine().zoo("preact-resnet20", Map.of()).parameterCount(),
                Zoo.torch("preact-resnet20", Map.of(), 1).parameterCount());
        assertEquals(272_282, Zoo.torch("preact-resnet20", Map.of("shortcut", "projection"), 1).parameterCount());
    }

    @Test
    void sgdOnRealCifarImagesLowersTheLossAndTheModelSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        TrainableModel model = Zoo.torch("preact-resnet20", Map.of("seed", "3"), 1);
        CifarJpegBatch batch = TorchZooChecks.sgdLowersTheLossOnCifar(model, 0.1f);
        TrainableModel loaded = TorchZooChecks.savedAndLoaded(model, dir.resolve("preact.model"));
        assertArrayEquals(model.forward(batch.features()).data(), loaded.forward(batch.features()).data());
    }
}
