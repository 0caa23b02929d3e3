package lowbit.model;

import lowbit.engine.ModelFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class ModelZooTest {

    @Test
    void defaultsAreTheReferenceConfigurations() {
        assertEquals(LeNetTest.PYTORCH_LENET_PARAMS, new Dl4jEngine().zoo("lenet", Map.of()).parameterCount());
        assertEquals(ResNet20Test.PYTORCH_RESNET20_PARAMS, new Dl4jEngine().zoo("resnet20", Map.of()).parameterCount());
        assertEquals(213_442, new Dl4jEngine().zoo("mobilenetv1", Map.of()).parameterCount());
        assertEquals(2 * PreActResNet20Test.PREACT_PARAMS, new Dl4jEngine().zoo("enresnet20", Map.of()).parameterCount());
    }

    @Test
    void optionsReachTheBuilders() {
        assertEquals(210_962, new Dl4jEngine().zoo("mobilenetv1", Map.of("block", "quant-friendly", "seed", "3")).parameterCount());
        assertEquals(PreActResNet20Test.PREACT_PARAMS + PreActResNet20Test.PROJECTIONS,
                new Dl4jEngine().zoo("preact-resnet20", Map.of("shortcut", "projection")).parameterCount());
        // LeNet on 32x32x3: fc1 sees 50*5*5 features; 100 classes.
        assertEquals((3 * 20 * 25 + 20) + (20 * 50 * 25 + 50) + (1250 * 500 + 500) + (500 * 100 + 100),
                new Dl4jEngine().zoo("lenet", Map.of("channels", "3", "size", "32", "classes", "100")).parameterCount());
        assertEquals(3 * PreActResNet20Test.PREACT_PARAMS, new Dl4jEngine().zoo("enresnet20", Map.of("members", "3")).parameterCount());
    }

    @Test
    void unknownNamesAndOptionsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> new Dl4jEngine().zoo("vgg16", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Dl4jEngine().zoo("resnet20", Map.of("alpha", "0.5")));
        assertThrows(IllegalArgumentException.class, () -> new Dl4jEngine().zoo("mobilenetv1", Map.of("block", "fancy")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet", "resnet20", "preact-resnet20", "enresnet20", "mobilenetv1"})
    void everyModelPredictsIdenticallyAfterSaveAndLoad(String name, @TempDir Path dir) throws IOException {
        Map<String, String> small = switch (name) {
            case "lenet" -> Map.of("seed", "2");
            case "enresnet20" -> Map.of("seed", "2", "size", "16", "noise", "0");
            default -> Map.of("seed", "2", "size", "16");
        };
        TrainableModel model = new Dl4jEngine().zoo(name, small);
        int channels = name.contains("resnet") ? 3 : 1;
        int size = name.equals("lenet") ? 28 : 16;
        RandomBatch b = RandomBatch.of(1, 3, channels, size, size, name.equals("mobilenetv1") ? 2 : 10);
        model.forwardBackward(b.features(), b.labels());
        Path file = dir.resolve(name + ".zip");
        ModelFiles.save(model, file);
        TrainableModel loaded = ModelFiles.read(file, "dl4j", 0).model();
        assertEquals(model.parameterViews(), loaded.parameterViews());
        assertArrayEquals(model.parameters(), loaded.parameters());
        assertArrayEquals(model.batchNormState(), loaded.batchNormState());
        assertArrayEquals(model.forward(b.features()).data(), loaded.forward(b.features()).data());
    }
}
