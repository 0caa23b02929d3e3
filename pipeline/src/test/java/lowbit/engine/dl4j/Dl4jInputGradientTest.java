package lowbit.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lowbit.tensor.Tensor;
import lowbit.model.LeNet;
import lowbit.model.EnResNet20;
import lowbit.model.ModelSpec;
import lowbit.model.ResNet20;
import lowbit.model.Shortcut;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Dl4jModel#inputGradient} against central differences of the inference-mode summed cross-entropy, on
 * double-precision zoo models whose batch-norm running statistics are far from any batch's statistics (so a
 * training-mode gradient would not match), and its promise to leave state and parameter gradients alone.
 */
@Tag("unit")
class Dl4jInputGradientTest {

    @Test
    void lenetMatchesFiniteDifferences() {
        Dl4jModel model = Dl4jNetworks.build(LeNet.graph(ModelSpec.of(5, 1, 28, 28, 10)), null, true);
        assertMatchesFiniteDifferences(model, RandomBatch.of(1, 3, 1, 28, 28, 10), 40);
    }

    @Test
    void resnetWithRunningStatisticsMatchesFiniteDifferences() {
        Dl4jModel model = Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(3, 3, 8, 8, 10)), null, true);
        scrambleRunningStatistics(model, 11);
        assertMatchesFiniteDifferences(model, RandomBatch.of(2, 3, 3, 8, 8, 10), 40);
    }

    /** Logits of two members averaged, then a parameter-free loss layer; noise off so that the loss is a function. */
    @Test
    void ensembleWithLossLayerMatchesFiniteDifferences() {
        Dl4jModel model = Dl4jNetworks.build(EnResNet20.graph(ModelSpec.of(6, 3, 8, 8, 10), 2, 0.0, Shortcut.ZERO_PAD), null, true);
        scrambleRunningStatistics(model, 12);
        assertMatchesFiniteDifferences(model, RandomBatch.of(3, 2, 3, 8, 8, 10), 30);
    }

    @Test
    void leavesRunningStatisticsAndParameterGradientsUnchanged() {
        Dl4jModel model = Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(3, 3, 8, 8, 10)));
        RandomBatch batch = RandomBatch.of(4, 4, 3, 8, 8, 10);
        model.forwardBackward(batch.features(), batch.labels());
        float[] state = model.batchNormState();
        float[] gradients = model.gradients();
        float[] params = model.parameters();
        model.inputGradient(batch.features(), batch.labels());
        assertArrayEquals(state, model.batchNormState(), 0f);
        assertArrayEquals(gradients, model.gradients(), 0f);
        assertArrayEquals(params, model.parameters(), 0f);
        // and training still works afterwards, with DL4J's workspaces back on
        model.forwardBackward(batch.features(), batch.labels());
        assertArrayEquals(gradients, model.gradients(), 1e-6f);
    }

    @Test
    void refusesStockBatchNormWhoseBackpropAssumesBatchStatistics() {
        Dl4jModel model = Dl4jModel.wrap(TinyGraphs.convBnDense(1, DataType.FLOAT));
        RandomBatch batch = RandomBatch.of(5, 2, TinyGraphs.CHANNELS, TinyGraphs.SIZE, TinyGraphs.SIZE, TinyGraphs.CLASSES);
        assertThrows(UnsupportedOperationException.class, () -> model.inputGradient(batch.features(), batch.labels()));
    }

    /** Running means N(0, 0.2) and variances U(0.5, 1.5): nothing like the statistics of a random batch. */
    private static void scrambleRunningStatistics(Dl4jModel model, long seed) {
        Random rng = new Random(seed);
        float[] state = model.batchNormState();
        model.batchNormStateViews().forEach(v -> {
            for (int i = v.offset(); i < v.offset() + v.length(); i++) {
                state[i] = v.name().endsWith("/var") ? 0.5f + rng.nextFloat() : (float) (0.2 * rng.nextGaussian());
            }
        });
        model.setBatchNormState(state);
    }

    private static void assertMatchesFiniteDifferences(Dl4jModel model, RandomBatch batch, int samples) {
        float[] stateBefore = model.batchNormState();
        float[] g = model.inputGradient(batch.features(), batch.labels()).data();
        float[] x = batch.features().data();
        Random rng = new Random(9);
        double largest = 0;
        for (int s = 0; s < samples; s++) {
            int i = rng.nextInt(x.length);
            double numeric = (loss(model, batch, i, 1e-4) - loss(model, batch, i, -1e-4)) / 2e-4;
            assertTrue(Math.abs(numeric - g[i]) <= 1e-5 + 1e-3 * Math.abs(numeric),
                    "input " + i + ": analytic " + g[i] + " vs numeric " + numeric);
            largest = Math.max(largest, Math.abs(numeric));
        }
        assertTrue(largest > 1e-3, "all sampled input gradients are near zero: the check would prove nothing");
        assertArrayEquals(stateBefore, model.batchNormState(), 0f);
    }

    /** Summed cross-entropy in inference mode, in double, with input {@code i} moved by {@code h}. */
    private static double loss(Dl4jModel model, RandomBatch batch, int i, double h) {
        Tensor f = batch.features();
        long[] shape = java.util.Arrays.stream(f.shape()).asLongStream().toArray();
        INDArray x = Nd4j.create(f.data(), shape, 'c').castTo(DataType.DOUBLE);
        x.data().put(i, x.data().getDouble(i) + h);
        INDArray p = model.graph().output(false, x)[0];
        double sum = 0;
        for (int n = 0; n < batch.labels().length; n++) {
            sum -= Math.log(p.getDouble(n, batch.labels()[n]));
        }
        return sum;
    }
}
