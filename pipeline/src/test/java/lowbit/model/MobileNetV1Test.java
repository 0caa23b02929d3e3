package lowbit.model;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.testdata.GradientChecks;
import lowbit.testdata.PlainSgd;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MobileNetV1Test {

    /** Channels entering and leaving the 13 blocks at alpha 0.25: stem 8, then int(width / 4). */
    private static final int[] IN = {8, 16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256};
    private static final int[] OUT = {16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256, 256};

    /** models.py MobileNetV1(0.25, 1, 2): per block DW c*9 (+ BN 2c) and PW c*c' + BN 2c'; stem 1*8*9 + 16; fc 256*2 + 2. */
    private static int pytorchParams(boolean depthwiseBn) {
        int n = 8 * 9 + 2 * 8 + 256 * 2 + 2;
        for (int i = 0; i < IN.length; i++) {
            n += IN[i] * 9 + (depthwiseBn ? 2 * IN[i] : 0) + IN[i] * OUT[i] + 2 * OUT[i];
        }
        return n;
    }

    @Test
    void personDetectionParameterCountEqualsPyTorchReference() {
        assertEquals(213_442, pytorchParams(true));
        Dl4jModel model = Dl4jNetworks.build(MobileNetV1.personDetection(1, SeparableBlock.ORIGINAL));
        assertEquals(pytorchParams(true), model.parameterCount());
        List<ParamView> dw = model.parameterViews().stream().filter(v -> v.kind() == ParamKind.DEPTHWISE_WEIGHT).toList();
        assertEquals(13, dw.size());
        assertArrayEquals(new int[] {3, 3, 256, 1}, dw.get(12).shape());
        assertEquals(256, dw.get(12).outChannels());
    }

    @Test
    void quantizationFriendlyBlockDropsOnlyTheDepthwiseBatchNorm() {
        Dl4jModel model = Dl4jNetworks.build(MobileNetV1.personDetection(1, SeparableBlock.QUANT_FRIENDLY));
        assertEquals(210_962, pytorchParams(false));
        assertEquals(pytorchParams(false), model.parameterCount());
        assertTrue(model.parameterViews().stream().noneMatch(v -> v.name().contains("dw_bn")));
        assertEquals(2 * (8 + Arrays.stream(OUT).sum()), model.batchNormState().length);
    }

    @Test
    void gradientMatchesFiniteDifferencesForBothBlocks() {
        RandomBatch b = RandomBatch.of(5, 4, 1, 32, 32, 2);
        for (SeparableBlock block : SeparableBlock.values()) {
            Dl4jModel model = Dl4jNetworks.build(MobileNetV1.graph(ModelSpec.of(5, 1, 32, 32, 2), 0.25, block), null, true);
            GradientChecks.assertMatchesFiniteDifferences(model, b.features(), b.labels(), 8, 6);
        }
    }

    /**
     * The original block's loss oscillates for its first ten steps (batch norm over 16 random images), then falls: 8
     * steps at lr 0.1 ended above or below the start depending on float rounding alone (both engines, either way).
     */
    @Test
    void sgdStepsReduceTheLossOnASmallBatch() {
        RandomBatch b = RandomBatch.of(6, 16, 1, 32, 32, 2);
        for (SeparableBlock block : SeparableBlock.values()) {
            Dl4jModel model = Dl4jNetworks.build(MobileNetV1.graph(ModelSpec.of(6, 1, 32, 32, 2), 0.25, block));
            double[] losses = PlainSgd.losses(model, b.features(), b.labels(), 16, 0.05f);
            System.out.println("mobilenet " + block + " losses " + Arrays.toString(losses));
            assertTrue(losses[16] < 0.3 * losses[0], block + " " + Arrays.toString(losses));
        }
    }
}
