package lowbit.sparse.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lowbit.sparse.ThresholdKind;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.tensor.dl4j.RegularizationRoundTrip;
import lowbit.tensor.dl4j.WeightChannels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RvsmRegularizationTest {

    /** A conv weight [out=2, in=2, 1, 1]: input slices (3, 4) and (0.1, 0.1). */
    private static INDArray convWeight() {
        return Nd4j.create(new float[] {3f, 0.1f, 4f, 0.1f}, new long[] {2, 2, 1, 1}, 'c');
    }

    @Test
    void softThresholdPullIsBetaTimesWMinusU() {
        INDArray w = Nd4j.create(new float[] {0.5f, -0.05f, 0.2f}, new long[] {1, 3}, 'c');
        INDArray grad = Nd4j.zeros(w.dataType(), 1, 3);
        new RvsmRegularization(ThresholdKind.L1, 0.1, 0.5, 1, WeightChannels.INPUT).apply(w, grad, 0.1, 0, 0);
        // lambda / beta = 0.2: u = (0.3, 0, 0), pull = 0.5 (w - u)
        assertArrayEquals(new float[] {0.1f, -0.025f, 0.1f}, Dl4jWeights.toFloats(grad), 1e-7f);
    }

    @Test
    void groupL0PrunesInputChannelSlicesOfAConvWeight() {
        RvsmRegularization reg = new RvsmRegularization(ThresholdKind.GROUP_L0, 0.02, 1, 1, WeightChannels.INPUT);
        INDArray grad = Nd4j.ones(4).reshape(2, 2, 1, 1);
        reg.apply(convWeight(), grad, 0.1, 0, 0);
        assertArrayEquals(new float[] {1f, 1.1f, 1f, 1.1f}, Dl4jWeights.toFloats(grad), 1e-6f);
        assertArrayEquals(new float[] {3f, 0f, 4f, 0f}, reg.sparseWeights(convWeight()));
    }

    @Test
    void dl4jUpdatersFlatViewNeedsTheFlatLayoutForGroups() {
        // DL4J's updater hands the weight as a [1, n] view of the flat parameter vector (C order for conv weights)
        INDArray flat = convWeight().reshape('c', 1, 4);
        INDArray grad = Nd4j.ones(flat.dataType(), 1, 4);
        RvsmRegularization.forFlatLayout(ThresholdKind.GROUP_L0, 0.02, 1, 1, 0, new int[] {2, 2, 1, 1}, 1)
                .apply(flat, grad, 0.1, 0, 0);
        assertArrayEquals(new float[] {1f, 1.1f, 1f, 1.1f}, Dl4jWeights.toFloats(grad), 1e-6f);
        assertThrows(IllegalStateException.class, () -> new RvsmRegularization(ThresholdKind.GROUP_L0, 0.02, 1, 1,
                WeightChannels.INPUT).apply(flat, grad, 0.1, 0, 0));
    }

    @Test
    void rgsmAddsTheGroupLassoGradientOfEachInputSlice() {
        INDArray flat = convWeight().reshape('c', 1, 4);
        INDArray grad = Nd4j.zeros(flat.dataType(), 1, 4);
        RvsmRegularization rgsm = RvsmRegularization.forFlatLayout(ThresholdKind.GROUP_L0, 0.02, 1, 1, 0.5,
                new int[] {2, 2, 1, 1}, 1);
        rgsm.apply(flat, grad, 0.1, 0, 0);
        // slice 0 = (3, 4) survives the cut 0.2 and has norm 5: lasso 0.5 * (3, 4) / 5; slice 1 = (0.1, 0.1) is cut:
        // pull (0.1, 0.1) plus lasso 0.5 * (0.1, 0.1) / 0.1414
        double small = 0.1 + 0.5 / Math.sqrt(2);
        assertArrayEquals(new float[] {0.3f, (float) small, 0.4f, (float) small}, Dl4jWeights.toFloats(grad), 1e-6f);
        // objective at u = T(w): beta/2 ||w - u||^2 = 0.01 plus lambda P(u) = 0.02 (one nonzero group) plus lasso
        assertEquals(0.01 + 0.02 + 0.5 * (5 + 0.1 * Math.sqrt(2)), rgsm.score(flat, 0, 0), 1e-6);
        RegularizationRoundTrip.assertJsonRoundTrip(rgsm);
        assertNotEquals(rgsm, RvsmRegularization.forFlatLayout(ThresholdKind.GROUP_L0, 0.02, 1, 1, 0,
                new int[] {2, 2, 1, 1}, 1));
        assertThrows(IllegalArgumentException.class, () -> RvsmRegularization.forFlatLayout(ThresholdKind.L0, 0.02, 1, 1,
                0.5, new int[] {2, 2, 1, 1}, 1));
    }

    @Test
    void outputGroupsAreTheOption() {
        RvsmRegularization reg = new RvsmRegularization(ThresholdKind.GROUP_L0, 0.02, 1, 1, WeightChannels.OUTPUT);
        // output filters (3, 0.1) and (4, 0.1) both survive
        assertArrayEquals(new float[] {3f, 0.1f, 4f, 0.1f}, reg.sparseWeights(convWeight()));
    }

    @Test
    void thresholdInPlaceWritesThroughAnFOrderView() {
        INDArray dense = Nd4j.create(new float[][] {{0.5f, 0.001f}, {-0.002f, -0.3f}}).dup('f');
        new RvsmRegularization(ThresholdKind.L0, 1e-6, 1e-2, 1, WeightChannels.INPUT).thresholdInPlace(dense);
        assertArrayEquals(new float[] {0.5f, 0f, 0f, -0.3f}, Dl4jWeights.toFloats(dense));
    }

    @Test
    void scoreIsTheSplitObjectiveAtU() {
        RvsmRegularization reg = new RvsmRegularization(ThresholdKind.GROUP_L1, 1, 2, 1, WeightChannels.INPUT);
        // slice norms 5 and 0.1414, shrink 0.5: u = (2.7, 0, 3.6, 0); lambda (4.5) + beta/2 (0.25 + 0.02)
        assertEquals(4.5 + 0.27, reg.score(convWeight(), 0, 0), 1e-6);
    }

    @Test
    void transformedL1UsesItsParameter() {
        INDArray w = Nd4j.create(new float[] {2f, 0.3f}, new long[] {1, 2}, 'c');
        RvsmRegularization reg = new RvsmRegularization(ThresholdKind.TRANSFORMED_L1, 0.5, 1, 1, WeightChannels.INPUT);
        assertArrayEquals(new float[] {1.87939f, 0f}, reg.sparseWeights(w), 1e-5f);
    }

    @Test
    void rejectsBadParametersAndUndefinedGroups() {
        assertThrows(IllegalArgumentException.class,
                () -> new RvsmRegularization(ThresholdKind.L1, 0.1, 0, 1, WeightChannels.INPUT));
        assertThrows(IllegalArgumentException.class,
                () -> new RvsmRegularization(ThresholdKind.TRANSFORMED_L1, 0.1, 1, -1, WeightChannels.INPUT));
        RvsmRegularization depthwiseGroups =
                new RvsmRegularization(ThresholdKind.GROUP_L1, 0.1, 1, 1, WeightChannels.DEPTHWISE_OUTPUT);
        assertThrows(IllegalArgumentException.class, () -> depthwiseGroups.sparseWeights(Nd4j.ones(2, 3)));
    }

    @Test
    void equalityCoversEveryField() {
        RvsmRegularization a = new RvsmRegularization(ThresholdKind.GROUP_L0, 1e-2, 1, 1, WeightChannels.INPUT);
        assertEquals(a, a.clone());
        assertEquals(a.hashCode(), a.clone().hashCode());
        assertNotEquals(a, new RvsmRegularization(ThresholdKind.GROUP_L0, 1e-2, 1, 1, WeightChannels.OUTPUT));
        assertNotEquals(a, new RvsmRegularization(ThresholdKind.GROUP_L1, 1e-2, 1, 1, WeightChannels.INPUT));
    }

    @Test
    void survivesConfigurationJson() {
        RegularizationRoundTrip.assertJsonRoundTrip(
                new RvsmRegularization(ThresholdKind.TRANSFORMED_L1, 2e-3, 0.5, 2, WeightChannels.OUTPUT));
    }

    @Test
    void survivesModelSerializer() throws Exception {
        RegularizationRoundTrip.assertModelSerializerRoundTrip(
                new RvsmRegularization(ThresholdKind.GROUP_L0, 1e-2, 1, 1, WeightChannels.INPUT));
    }
}
