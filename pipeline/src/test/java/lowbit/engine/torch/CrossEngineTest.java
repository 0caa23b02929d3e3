package lowbit.engine.torch;

import lowbit.engine.dl4j.Dl4jEngine;

import java.util.List;
import java.util.Map;
import java.util.Random;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The torch zoo against the DL4J zoo: the same views, and with the DL4J model's parameters and batch-norm state
 * loaded as they are, the same predictions, training loss and batch-norm state after a training step. Gradients are
 * held to a double-precision reference instead, at points where float rounding cannot flip a ReLU
 * ({@link lowbit.engine.EngineGradientsTest}): at random points like these, two correct float engines can land on
 * either side of a kink (this test's MobileNet case did on OpenBLAS's Sandybridge kernels).
 */
@Tag("unit")
class CrossEngineTest {


    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "lenet; ''; 8",
            "lenet; activation=binary; 8",
            "resnet20; ''; 8",
            "preact-resnet20; ''; 8",
            "preact-resnet20; shortcut=projection; 8",
            // noise 0: EnResNet's deterministic mode (no noise layers, the same views); noise > 0 is tested below
            "enresnet20; noise=0; 4",
            "enresnet20; noise=0,members=3,shortcut=projection; 2",
            "mobilenetv1; size=32,classes=10; 8",
            "mobilenetv1; size=32,block=quant-friendly,alpha=0.5; 8",
            "mobilenetv1; size=32,activation=binary; 8",
            // the Keras VWW model's variant: biases, TensorFlow same padding, plain ReLU, batch-norm epsilon 1e-3
            "mobilenetv1; size=32,channels=3,bias=true,padding=same,relu6=false,bn-eps=0.001; 8"})
    void theTorchZooComputesWhatTheDl4jZooComputes(String name, String options, int batch) {
        Map<String, String> o = options(options);
        TrainableModel dl4j = new Dl4jEngine().zoo(name, o);
        TrainableModel torch = Zoo.torch(name, o, 1);
        assertEquals(dl4j.parameterViews(), torch.parameterViews());
        assertEquals(dl4j.batchNormStateViews(), torch.batchNormStateViews());
        assertEquals(dl4j.foldableBatchNorms(), torch.foldableBatchNorms());

        torch.setParameters(dl4j.parameters());
        // non-trivial running statistics, so that inference depends on them
        float[] state = dl4j.batchNormState();
        Random r = new Random(7);
        for (var v : dl4j.batchNormStateViews()) {
            for (int i = v.offset(); i < v.offset() + v.length(); i++) {
                state[i] = v.kind() == lowbit.model.graph.ParamKind.BN_VAR ? 0.5f + r.nextFloat() : 0.2f * (float) r.nextGaussian();
            }
        }
        dl4j.setBatchNormState(state);
        torch.setBatchNormState(state);
        Tensor x = images(batch, name.contains("resnet") || options.contains("channels=3") ? 3 : 1, name.equals("lenet") ? 28 : 32, 11);
        assertClose("predictions", dl4j.forward(x).data(), torch.forward(x).data(), 1e-4);
        Map<String, Tensor> dl4jActs = dl4j.activations(x);
        Map<String, Tensor> torchActs = torch.activations(x);
        for (String layer : torchActs.keySet()) {
            assertTrue(dl4jActs.containsKey(layer), "DL4J has no vertex " + layer);
        }
        // DL4J's activation layers overwrite their input in place (its "bn" output is the ReLU's), so only layers with
        // weights, whose outputs the bottleneck report reads, are compared
        for (var v : torch.parameterViews()) {
            if (!v.kind().isWeight()) continue;
            String layer = v.name().substring(0, v.name().indexOf('/'));
            assertClose("activation of " + layer, dl4jActs.get(layer).data(), torchActs.get(layer).data(), 1e-4);
        }

        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(((int) torch.forward(x).dim(1)));
        double dl4jLoss = dl4j.forwardBackward(x, labels);
        double torchLoss = torch.forwardBackward(x, labels);
        assertEquals(dl4jLoss, torchLoss, 1e-4 * Math.abs(dl4jLoss), "training loss");
        assertClose("batch-norm state after a step", dl4j.batchNormState(), torch.batchNormState(), 1e-4);

        float[] parameterGradients = torch.gradients();
        torch.inputGradient(x, labels);
        org.junit.jupiter.api.Assertions.assertArrayEquals(parameterGradients, torch.gradients(),
                "an input gradient leaves the parameter gradients alone");
    }

    /**
     * With noise on, the engines draw different noise, so their outputs differ; what must agree is the layer: after
     * every block, in inference too, {@code add + scale * std(add) * N(0, I)}, and everything before the first one.
     */
    @Test
    void bothEnginesInjectRelativeGaussianNoiseAfterEveryBlockInInference() {
        Map<String, String> o = options("noise=0.1");
        TrainableModel dl4j = new Dl4jEngine().zoo("enresnet20", o);
        TrainableModel torch = Zoo.torch("enresnet20", o, 1);
        assertEquals(dl4j.parameterViews(), torch.parameterViews());
        assertEquals(dl4j.batchNormStateViews(), torch.batchNormStateViews());
        torch.setParameters(dl4j.parameters());
        Tensor x = images(4, 3, 32, 11);
        Map<String, Tensor> dl4jActs = dl4j.activations(x);
        Map<String, Tensor> torchActs = torch.activations(x);
        assertClose("first block's sum, before any noise", dl4jActs.get("m0.s1b1.add").data(),
                torchActs.get("m0.s1b1.add").data(), 1e-4);
        int noiseLayers = 0;
        for (String layer : torchActs.keySet()) {
            if (!layer.endsWith(".noise")) continue;
            noiseLayers++;
            String sum = layer.replace(".noise", ".add");
            for (Map<String, Tensor> acts : List.of(dl4jActs, torchActs)) {
                float[] in = acts.get(sum).data();
                float[] out = acts.get(layer).data();
                double[] noise = new double[in.length];
                for (int i = 0; i < in.length; i++) noise[i] = out[i] - in[i];
                double inStd = std(in);
                assertEquals(0.1, std(noise) / inStd, 0.01, layer + ": noise std relative to std(" + sum + ")");
                assertEquals(0, java.util.Arrays.stream(noise).average().orElseThrow() / inStd, 0.01, layer + ": noise mean");
            }
        }
        assertEquals(2 * 9, noiseLayers, "one noise layer per block of each member");
        assertFalse(java.util.Arrays.equals(torch.forward(x).data(), torch.forward(x).data()), "inference draws noise");
    }

    private static double std(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return std(d);
    }

    private static double std(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double ss = 0;
        for (double a : v) ss += (a - mean) * (a - mean);
        return Math.sqrt(ss / (v.length - 1));
    }

    static Map<String, String> options(String csv) {
        java.util.HashMap<String, String> o = new java.util.HashMap<>();
        o.put("seed", "5");
        for (String kv : csv.split(",")) {
            if (!kv.isBlank()) o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return o;
    }

    static Tensor images(int n, int channels, int size, long seed) {
        Random r = new Random(seed);
        float[] data = new float[n * channels * size * size];
        for (int i = 0; i < data.length; i++) data[i] = r.nextFloat();
        return Tensor.of(data, n, channels, size, size);
    }

    /** max |a - b| <= tolerance * max(1, max |a|): relative to the largest value, for vectors of mixed scales. */
    static void assertClose(String what, float[] a, float[] b, double tolerance) {
        assertEquals(a.length, b.length, what + ": length");
        double scale = 1;
        double worst = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            double d = Math.abs(a[i] - b[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= tolerance * scale, what + ": largest difference " + worst + " at " + at + " (" + (at < 0 ? "" : a[at] + " vs " + b[at])
                + "), allowed " + tolerance * scale);
    }
}
