package lowbit.model;

import lowbit.engine.ModelFiles;
import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.testdata.PlainSgd;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.ops.transforms.Transforms;

@Tag("unit")
class EnResNet20Test {

    private static final ModelSpec TINY = ModelSpec.of(11, 3, 8, 8, 10);
    private static final RandomBatch BATCH = RandomBatch.of(11, 4, 3, 8, 8, 10);

    @Test
    void parametersAreMembersTimesPreActResNet20() {
        assertEquals(2 * PreActResNet20Test.PREACT_PARAMS,
                Dl4jNetworks.build(EnResNet20.graph(ModelSpec.of(1, 3, 32, 32, 10), 2, 0.1, Shortcut.ZERO_PAD)).parameterCount());
        assertEquals(3 * (PreActResNet20Test.PREACT_PARAMS + PreActResNet20Test.PROJECTIONS),
                Dl4jNetworks.build(EnResNet20.graph(ModelSpec.of(1, 3, 32, 32, 10), 3, 0.1, Shortcut.PROJECTION)).parameterCount());
    }

    @Test
    void withoutNoiseTheEnsembleAveragesTheMembersLogits() {
        Dl4jModel ensemble = Dl4jNetworks.build(EnResNet20.graph(TINY, 2, 0, Shortcut.ZERO_PAD));
        var acts = ensemble.graph().feedForward(toArray(BATCH.features()), false);
        var average = acts.get("m0.fc").add(acts.get("m1.fc")).div(2);
        var softmax = Transforms.softmax(average, true).castTo(DataType.FLOAT).dup('c');
        assertArrayEquals(softmax.data().asFloat(), ensemble.forward(BATCH.features()).data(), 1e-5f);
    }

    @Test
    void noiseIsOnInInferenceAndSeeded() {
        Tensor a = Dl4jNetworks.build(EnResNet20.graph(TINY, 2, 0.1, Shortcut.ZERO_PAD)).forward(BATCH.features());
        Tensor b = Dl4jNetworks.build(EnResNet20.graph(TINY, 2, 0.1, Shortcut.ZERO_PAD)).forward(BATCH.features());
        assertArrayEquals(a.data(), b.data());
        Dl4jModel model = Dl4jNetworks.build(EnResNet20.graph(TINY, 2, 0.1, Shortcut.ZERO_PAD));
        model.forward(BATCH.features());
        assertFalse(Arrays.equals(a.data(), model.forward(BATCH.features()).data()), "second draw must differ");
        Tensor clean = Dl4jNetworks.build(EnResNet20.graph(TINY, 2, 0, Shortcut.ZERO_PAD)).forward(BATCH.features());
        assertFalse(Arrays.equals(a.data(), clean.data()));
    }

    /** The noise layer's backward includes the path through std(out); a model rebuilt per evaluation replays the same noise. */
    @Test
    void gradientThroughNoiseMatchesFiniteDifferences() {
        ModelSpec spec = TINY;
        float[] w = Dl4jNetworks.build(EnResNet20.graph(spec, 1, 0.5, Shortcut.ZERO_PAD), null, true).parameters();
        Dl4jModel model = Dl4jNetworks.build(EnResNet20.graph(spec, 1, 0.5, Shortcut.ZERO_PAD), null, true);
        model.forwardBackward(BATCH.features(), BATCH.labels());
        float[] g = model.gradients();
        int[] coords = {5, 431, 2000, 20_000, 150_000, w.length - 3};
        for (int i : coords) {
            double numeric = (lossAt(spec, w, i, 1e-5) - lossAt(spec, w, i, -1e-5)) / (delta(w[i], 1e-5) - delta(w[i], -1e-5));
            assertEquals(numeric, g[i], 1e-6 + 2e-3 * Math.abs(numeric), "coordinate " + i);
        }
    }

    @Test
    void sgdStepsReduceTheLossOnASmallBatch() {
        RandomBatch b = RandomBatch.of(12, 16, 3, 8, 8, 10);
        double[] losses = PlainSgd.losses(Dl4jNetworks.build(EnResNet20.graph(ModelSpec.of(12, 3, 8, 8, 10), 2, 0.1, Shortcut.ZERO_PAD)),
                b.features(), b.labels(), 5, 0.1f);
        System.out.println("enresnet20 losses " + Arrays.toString(losses));
        assertTrue(losses[5] < 0.7 * losses[0], Arrays.toString(losses));
    }

    @Test
    void savedEnsembleLoadsWithTheSameParametersAndNoiseConfiguration(@TempDir Path dir) throws IOException {
        Dl4jModel model = Dl4jNetworks.build(EnResNet20.graph(TINY, 2, 0, Shortcut.ZERO_PAD));
        Path file = dir.resolve("en.zip");
        ModelFiles.save(model, file);
        TrainableModel loaded = ModelFiles.read(file, "dl4j", 0).model();
        assertArrayEquals(model.parameters(), loaded.parameters());
        assertArrayEquals(model.forward(BATCH.features()).data(), loaded.forward(BATCH.features()).data(), 1e-6f);
        Dl4jModel noisy = Dl4jNetworks.build(EnResNet20.graph(TINY, 1, 0.1, Shortcut.ZERO_PAD));
        ModelFiles.save(noisy, file);
        TrainableModel reloaded = ModelFiles.read(file, "dl4j", 0).model();
        assertArrayEquals(noisy.forward(BATCH.features()).data(), reloaded.forward(BATCH.features()).data(), 1e-6f);
    }

    private static double lossAt(ModelSpec spec, float[] w, int i, double h) {
        Dl4jModel fresh = Dl4jNetworks.build(EnResNet20.graph(spec, 1, 0.5, Shortcut.ZERO_PAD), null, true);
        float[] p = w.clone();
        p[i] = (float) (w[i] + h);
        fresh.setParameters(p);
        return fresh.forwardBackward(BATCH.features(), BATCH.labels());
    }

    private static double delta(float w, double h) {
        return (float) (w + h);
    }

    private static org.nd4j.linalg.api.ndarray.INDArray toArray(Tensor t) {
        return org.nd4j.linalg.factory.Nd4j.create(t.data(), new long[] {t.dim(0), t.dim(1), t.dim(2), t.dim(3)}, 'c');
    }
}
