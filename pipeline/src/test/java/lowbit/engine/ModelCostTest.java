package lowbit.engine;

import lowbit.engine.dl4j.Dl4jEngine;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("unit")
class ModelCostTest {

    @Test
    void forwardMacsMatchTheHandCountsAndBaselines() {
        // conv1 24x24x(20x25) + conv2 8x8x(50x500) + fc1 800x500 + fc2 500x10
        assertEquals(288_000 + 1_600_000 + 400_000 + 5_000, ModelCost.forwardMacs(new Dl4jEngine().zoo("lenet", Map.of()), 1, 28, 28));
        // the PyTorch reference (bench/run): ResNet-20 40.6 M, MobileNetV1 0.25 on 96x96x1 7.16 M multiply-accumulates per image
        assertEquals(40.6e6, ModelCost.forwardMacs(new Dl4jEngine().zoo("resnet20", Map.of()), 3, 32, 32), 0.1e6);
        assertEquals(7.16e6, ModelCost.forwardMacs(new Dl4jEngine().zoo("mobilenetv1", Map.of()), 1, 96, 96), 0.01e6);
    }
}
