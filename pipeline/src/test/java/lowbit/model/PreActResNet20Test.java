package lowbit.model;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import lowbit.engine.dl4j.Dl4jModel;
import lowbit.testdata.GradientChecks;
import lowbit.testdata.PlainSgd;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PreActResNet20Test {

    /** Stem conv; per block BN(cin) + conv + BN(cout) + conv; final BN(64); fc. Same total as ResNet-20. */
    static final int PREACT_PARAMS = 3 * 16 * 9
            + 3 * (2 * 16 + 16 * 16 * 9 + 2 * 16 + 16 * 16 * 9)
            + (2 * 16 + 16 * 32 * 9 + 2 * 32 + 32 * 32 * 9) + 2 * (2 * 32 + 32 * 32 * 9 + 2 * 32 + 32 * 32 * 9)
            + (2 * 32 + 32 * 64 * 9 + 2 * 64 + 64 * 64 * 9) + 2 * (2 * 64 + 64 * 64 * 9 + 2 * 64 + 64 * 64 * 9)
            + 2 * 64 + 64 * 10 + 10;

    /** The authors' 1x1 projection shortcuts entering stages 2 and 3. */
    static final int PROJECTIONS = 16 * 32 + 32 * 64;

    @Test
    void parameterCountsForBothShortcuts() {
        assertEquals(ResNet20Test.PYTORCH_RESNET20_PARAMS, PREACT_PARAMS);
        assertEquals(PREACT_PARAMS, Dl4jNetworks.build(PreActResNet20.graph(ModelSpec.of(1, 3, 32, 32, 10), Shortcut.ZERO_PAD)).parameterCount());
        assertEquals(272_282, PREACT_PARAMS + PROJECTIONS);
        assertEquals(PREACT_PARAMS + PROJECTIONS,
                Dl4jNetworks.build(PreActResNet20.graph(ModelSpec.of(1, 3, 32, 32, 10), Shortcut.PROJECTION)).parameterCount());
    }

    @Test
    void gradientMatchesFiniteDifferencesWithProjectionShortcuts() {
        RandomBatch b = RandomBatch.of(8, 4, 3, 8, 8, 10);
        Dl4jModel model = Dl4jNetworks.build(PreActResNet20.graph(ModelSpec.of(8, 3, 8, 8, 10), Shortcut.PROJECTION), null, true);
        GradientChecks.assertMatchesFiniteDifferences(model, b.features(), b.labels(), 8, 9);
    }

    @Test
    void sgdStepsReduceTheLossOnASmallBatch() {
        RandomBatch b = RandomBatch.of(9, 16, 3, 16, 16, 10);
        double[] losses = PlainSgd.losses(Dl4jNetworks.build(PreActResNet20.graph(ModelSpec.of(9, 3, 16, 16, 10), Shortcut.ZERO_PAD)),
                b.features(), b.labels(), 6, 0.1f);
        System.out.println("preact-resnet20 losses " + Arrays.toString(losses));
        assertTrue(losses[6] < 0.7 * losses[0], Arrays.toString(losses));
    }
}
