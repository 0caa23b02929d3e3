package lowbit.model;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import lowbit.model.graph.ParamView;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.testdata.GradientChecks;
import lowbit.testdata.PlainSgd;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

@Tag("unit")
class ResNet20Test {

    /** models.py ResNet20(10): stem, then per stage (first block, two more blocks), then fc; convs have no bias, BN = 2 per channel. */
    static final int PYTORCH_RESNET20_PARAMS =
            3 * 16 * 9 + 2 * 16
            + 3 * (2 * 16 * 16 * 9 + 2 * 2 * 16)
            + (16 * 32 * 9 + 32 * 32 * 9 + 2 * 2 * 32) + 2 * (2 * 32 * 32 * 9 + 2 * 2 * 32)
            + (32 * 64 * 9 + 64 * 64 * 9 + 2 * 2 * 64) + 2 * (2 * 64 * 64 * 9 + 2 * 2 * 64)
            + 64 * 10 + 10;

    @Test
    void parameterCountEqualsPyTorchReference() {
        Dl4jModel model = Dl4jNetworks.build(ResNet20.cifar10(1));
        assertEquals(269_722, PYTORCH_RESNET20_PARAMS);
        assertEquals(PYTORCH_RESNET20_PARAMS, model.parameterCount());
        // BN running mean and var: 19 BN layers with 16*7 + 32*6 + 64*6 = 688 channels.
        assertEquals(2 * 688, model.batchNormState().length);
        Map<String, int[]> shapes = Map.of("conv/W", new int[] {16, 3, 3, 3}, "s2b1.conv1/W", new int[] {32, 16, 3, 3},
                "s3b3.bn2/gamma", new int[] {64}, "fc/W", new int[] {10, 64});
        for (ParamView v : model.parameterViews()) {
            if (shapes.containsKey(v.name())) assertArrayEquals(shapes.get(v.name()), v.shape(), v.name());
        }
        assertEquals(shapes.size(), model.parameterViews().stream().filter(v -> shapes.containsKey(v.name())).count());
    }

    @Test
    void optionAShortcutSubsamplesAndZeroPadsChannelsOnBothSides() {
        Dl4jModel model = Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(2, 3, 8, 8, 10)));
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 8, 8);
        Map<String, INDArray> acts = model.graph().feedForward(x, false);
        INDArray in = acts.get("s1b3.relu2");          // [2, 16, 8, 8]
        INDArray sc = acts.get("s2b1.shortcut");      // [2, 32, 4, 4]
        assertArrayEquals(new long[] {2, 32, 4, 4}, sc.shape());
        INDArray sub = in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8), NDArrayIndex.interval(0, 2, 8));
        assertEquals(sub, sc.get(NDArrayIndex.all(), NDArrayIndex.interval(8, 24), NDArrayIndex.all(), NDArrayIndex.all()));
        assertEquals(0.0, sc.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 8), NDArrayIndex.all(), NDArrayIndex.all()).norm1Number().doubleValue());
        assertEquals(0.0, sc.get(NDArrayIndex.all(), NDArrayIndex.interval(24, 32), NDArrayIndex.all(), NDArrayIndex.all()).norm1Number().doubleValue());
        assertTrue(sub.norm1Number().doubleValue() > 0);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        RandomBatch b = RandomBatch.of(3, 4, 3, 8, 8, 10);
        Dl4jModel model = Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(3, 3, 8, 8, 10)), null, true);
        GradientChecks.assertMatchesFiniteDifferences(model, b.features(), b.labels(), 12, 5);
    }

    @Test
    void sgdStepsReduceTheLossOnASmallBatch() {
        RandomBatch b = RandomBatch.of(4, 16, 3, 16, 16, 10);
        double[] losses = PlainSgd.losses(Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(4, 3, 16, 16, 10))), b.features(), b.labels(), 8, 0.1f);
        System.out.println("resnet20 losses " + Arrays.toString(losses));
        assertTrue(losses[8] < 0.7 * losses[0], Arrays.toString(losses));
    }
}
