package lowbit.engine.torch;

import lowbit.engine.dl4j.Dl4jEngine;

import lowbit.engine.dl4j.Dl4jNetworks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.model.EnResNet20;
import lowbit.model.ModelSpec;
import lowbit.model.ModelZoo;
import lowbit.model.Shortcut;
import lowbit.engine.dl4j.layers.RelativeGaussianNoise;
import lowbit.testing.CifarJpegBatch;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EnResNet-20 on the torch engine: DL4J's parameter count and noise seeds, seeded noise in training and inference,
 * training on real CIFAR-10, save and load, input gradients for adversarial training.
 */
@Tag("data")
class TorchEnResNet20Test {

    private static final Map<String, String> SEED_3 = Map.of("seed", "3");

    @Test
    void parameterCountsEqualTheDl4jZoos() {
        assertEquals(2 * 269_722, Zoo.torch("enresnet20", Map.of(), 1).parameterCount());
        assertEquals(new Dl4jEngine().zoo("enresnet20", Map.of()).parameterCount(), Zoo.torch("enresnet20", Map.of(), 1).parameterCount());
        assertEquals(3 * 272_282, Zoo.torch("enresnet20", Map.of("members", "3", "shortcut", "projection"), 1).parameterCount());
    }

    @Test
    void eachNoiseLayerHasTheSeedOfTheDl4jLayerOfTheSameName() {
        ModelSpec spec = ModelSpec.of(9, 3, 32, 32, 10);
        Map<String, Long> dl4j = new TreeMap<>();
        Dl4jModel d = Dl4jNetworks.build(EnResNet20.graph(spec, 2, 0.1, Shortcut.ZERO_PAD));
        d.graph().getConfiguration().getVertices().forEach((name, v) -> {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof RelativeGaussianNoise noise) {
                dl4j.put(name, noise.getSeed());
            }
        });
        Map<String, Long> torch = new TreeMap<>();
        TorchNet net = new TorchNet(EnResNet20.graph(spec, 2, 0.1, Shortcut.ZERO_PAD));
        for (int i = 1; i < net.size(); i++) {
            if (net.op(i) instanceof TorchLayers.RelativeGaussianNoise noise) torch.put(net.graph().nodes().get(i).name(), noise.seed());
        }
        assertEquals(18, dl4j.size());
        assertEquals(dl4j, torch);
    }

    @Test
    void noiseIsDrawnInTrainingAndInferenceFromTheModelSeed() throws Exception {
        Tensor x = CifarJpegBatch.first(1).features();
        int[] y = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        TrainableModel a = Zoo.torch("enresnet20", SEED_3, 1);
        TrainableModel b = Zoo.torch("enresnet20", SEED_3, 1);
        float[] first = a.forward(x).data();
        assertArrayEquals(first, b.forward(x).data(), "same seed, same draws");
        assertFalse(Arrays.equals(first, a.forward(x).data()), "each call draws new noise");
        b.forward(x);
        assertEquals(a.forwardBackward(x, y), b.forwardBackward(x, y));
        assertArrayEquals(a.gradients(), b.gradients(), "training draws are seeded too");
        assertArrayEquals(a.batchNormState(), b.batchNormState());

        TrainableModel otherSeed = Zoo.torch("enresnet20", Map.of("seed", "4"), 1);
        otherSeed.setParameters(Zoo.torch("enresnet20", SEED_3, 1).parameters());
        assertFalse(Arrays.equals(first, otherSeed.forward(x).data()), "another seed draws other noise");
        TrainableModel clean = Zoo.torch("enresnet20", Map.of("seed", "3", "noise", "0"), 1);
        float[] c1 = clean.forward(x).data();
        assertArrayEquals(c1, clean.forward(x).data(), "noise 0 is deterministic");
        assertFalse(Arrays.equals(first, c1));
    }

    @Test
    void sgdOnRealCifarImagesLowersTheLossAndALoadedModelReplaysAFreshModelsNoise(@TempDir Path dir) throws Exception {
        TrainableModel model = Zoo.torch("enresnet20", SEED_3, 1);
        CifarJpegBatch batch = TorchZooChecks.sgdLowersTheLossOnCifar(model, 0.2f);
        TrainableModel loaded = TorchZooChecks.savedAndLoaded(model, dir.resolve("en.model"));
        TrainableModel fresh = new TorchEngine(1).build(model.architecture());
        fresh.setParameters(model.parameters());
        fresh.setBatchNormState(model.batchNormState());
        assertArrayEquals(fresh.forward(batch.features()).data(), loaded.forward(batch.features()).data(),
                "the loaded model's noise generators start from the seed, as a fresh model's");
    }

    @Test
    void inputGradientGoesThroughTheNoiseAndLeavesParameterGradientsAlone() throws Exception {
        CifarJpegBatch batch = CifarJpegBatch.first(1);
        TrainableModel model = Zoo.torch("enresnet20", SEED_3, 1);
        model.forwardBackward(batch.features(), batch.labels());
        float[] parameterGradients = model.gradients();
        Tensor g = model.inputGradient(batch.features(), batch.labels());
        assertArrayEquals(batch.features().shape(), g.shape());
        double norm = 0;
        for (float v : g.data()) {
            assertTrue(Float.isFinite(v));
            norm += v * v;
        }
        assertTrue(norm > 0);
        assertArrayEquals(parameterGradients, model.gradients());
    }
}
