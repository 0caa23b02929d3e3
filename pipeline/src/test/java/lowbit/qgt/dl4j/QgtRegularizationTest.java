package lowbit.qgt.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.tensor.dl4j.RegularizationRoundTrip;
import lowbit.tensor.dl4j.WeightChannels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QgtRegularizationTest {

    /** A dense weight [nIn=2, nOut=3] stored in 'f' order, as DL4J stores it. */
    private static INDArray denseWeight() {
        return Nd4j.create(new float[][] {{0.9f, -0.3f, 0.6f}, {-0.2f, 0.5f, 1.0f}}).dup('f');
    }

    private static QgtRegularization perOutput(LambdaSchedule schedule) {
        return new QgtRegularization(2, WeightChannels.OUTPUT, QgtPenaltyKind.GRID_DISTANCE, schedule, 0);
    }

    @Test
    void addsLambdaTimesTheGridDistanceGradientPerOutputUnit() {
        INDArray w = denseWeight();
        INDArray grad = Nd4j.ones(w.dataType(), 2, 3).dup('f');
        perOutput(LambdaSchedule.constant(10)).apply(w, grad, 0.1, 0, 0);
        // columns (0.9, -0.2), (-0.3, 0.5), (0.6, 1.0) -> Q = (0.9, 0), (-0.5, 0.5), (1, 1); 10 * 2 (w - Q) / 6
        float[] expected = {1f, 1f + 2f / 3, 1f - 4f / 3, 1f - 2f / 3, 1f, 1f};
        assertArrayEquals(expected, Dl4jWeights.toFloats(grad), 1e-6f);
    }

    @Test
    void dl4jUpdatersFlatViewNeedsTheFlatLayout() {
        // the updater's [1, 6] view of the 'f'-ordered [2, 3] weight: columns one after the other, i.e. the C-order
        // [3, 2] array with output units along axis 0
        INDArray flat = Nd4j.create(Dl4jWeights.inFlatOrder(denseWeight()), new long[] {1, 6}, 'c');
        INDArray grad = Nd4j.ones(flat.dataType(), 1, 6);
        QgtRegularization.forFlatLayout(2, new int[] {3, 2}, 0, true, QgtPenaltyKind.GRID_DISTANCE,
                LambdaSchedule.constant(10), 0).apply(flat, grad, 0.1, 0, 0);
        float[] expected = {1f, 1f - 2f / 3, 1f + 2f / 3, 1f, 1f - 4f / 3, 1f};
        assertArrayEquals(expected, Dl4jWeights.toFloats(grad), 1e-6f);
        assertThrows(IllegalStateException.class,
                () -> perOutput(LambdaSchedule.constant(10)).apply(flat, grad, 0.1, 0, 0));
    }

    @Test
    void scoreIsLambdaTimesTheMeanSquaredDistance() {
        assertEquals(10 * (0.04 + 0.04 + 0.16) / 6, perOutput(LambdaSchedule.constant(10)).score(denseWeight(), 0, 0),
                1e-6);
    }

    @Test
    void warmupLeavesTheGradientAlone() {
        QgtRegularization reg = perOutput(LambdaSchedule.linear(1, 5, 10, 1));
        INDArray grad = Nd4j.zeros(2, 3);
        reg.apply(denseWeight(), grad, 0.1, 3, 0);
        assertEquals(0.0, grad.sumNumber().doubleValue(), 0.0);
        assertEquals(0.0, reg.score(denseWeight(), 3, 0), 0.0);
        assertEquals(5.0 * (0.04 + 0.04 + 0.16) / 6, reg.score(denseWeight(), 3, 1), 1e-6);
    }

    @Test
    void iterationsPerEpochMakeTheScheduleMoveWithinAnEpoch() {
        QgtRegularization reg = new QgtRegularization(2, WeightChannels.WHOLE, QgtPenaltyKind.GRID_DISTANCE,
                LambdaSchedule.linear(0, 0, 10, 4), 10);
        assertEquals(6.25, reg.lambdaAt(25, 2), 1e-12);
        assertEquals(5.0, perOutput(LambdaSchedule.linear(0, 0, 10, 4)).lambdaAt(25, 2), 1e-12);
    }

    @Test
    void rejectsBitsOutsideOneToEightAndSineAtOneBit() {
        assertThrows(IllegalArgumentException.class, () -> new QgtRegularization(9, WeightChannels.WHOLE,
                QgtPenaltyKind.GRID_DISTANCE, LambdaSchedule.constant(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new QgtRegularization(1, WeightChannels.WHOLE,
                QgtPenaltyKind.SINE, LambdaSchedule.constant(1), 0));
    }

    @Test
    void equalityCoversEveryField() {
        QgtRegularization a = perOutput(LambdaSchedule.geometric(2, 10, 1.1, 1000));
        assertEquals(a, a.clone());
        assertEquals(a.hashCode(), a.clone().hashCode());
        assertNotEquals(a, perOutput(LambdaSchedule.geometric(2, 10, 1.2, 1000)));
        assertNotEquals(a, new QgtRegularization(2, WeightChannels.WHOLE, QgtPenaltyKind.GRID_DISTANCE,
                LambdaSchedule.geometric(2, 10, 1.1, 1000), 0));
    }

    @Test
    void survivesConfigurationJson() {
        RegularizationRoundTrip.assertJsonRoundTrip(new QgtRegularization(3, WeightChannels.OUTPUT,
                QgtPenaltyKind.SINE, LambdaSchedule.linear(2, 10, 1000, 5), 40));
    }

    @Test
    void flatLayoutSurvivesConfigurationJson() {
        RegularizationRoundTrip.assertJsonRoundTrip(QgtRegularization.forFlatLayout(2, new int[] {20, 1, 5, 5}, 0, true,
                QgtPenaltyKind.GRID_DISTANCE, LambdaSchedule.constant(300), 120));
    }

    @Test
    void survivesModelSerializer() throws Exception {
        RegularizationRoundTrip.assertModelSerializerRoundTrip(new QgtRegularization(2, WeightChannels.OUTPUT,
                QgtPenaltyKind.GRID_DISTANCE, LambdaSchedule.geometric(1, 100, 1.2, 1e4), 0));
    }
}
