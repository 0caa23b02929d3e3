package lowbit.robust;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lowbit.data.read.Batch;
import lowbit.data.read.Normalization;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.model.LeNet;
import lowbit.model.ModelSpec;
import lowbit.model.ResNet20;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attacks on random zoo models through their normalization: the adversarial pixels (recovered from the
 * normalized batch without any clamping) stay in [0, 1] and in the eps ball, the attack raises the loss, and
 * the batch-norm running statistics are untouched.
 */
@Tag("unit")
class ModelAttackTest {

    /** Float rounding through (p - mean) / std and back. */
    private static final double ROUNDING = 2e-6;

    @Test
    void lenetWithUnitInputs() {
        for (long seed = 1; seed <= 3; seed++) {
            check(Dl4jNetworks.build(LeNet.graph(ModelSpec.of(seed, 1, 28, 28, 10))), Normalization.UNIT, 1, 28, seed);
        }
    }

    @Test
    void resnetWithPerChannelNormalization() {
        Normalization norm = Normalization.meanStd(new double[] {0.49, 0.48, 0.45}, new double[] {0.25, 0.24, 0.26});
        for (long seed = 1; seed <= 3; seed++) {
            check(Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(seed, 3, 8, 8, 10))), norm, 3, 8, seed);
        }
    }

    private static void check(TrainableModel model, Normalization norm, int channels, int size, long seed) {
        Random rng = new Random(seed);
        int n = 4;
        int per = channels * size * size;
        float[] pixels = new float[n * per];
        for (int i = 0; i < pixels.length; i++) pixels[i] = rng.nextInt(256) / 255f;
        int[] labels = rng.ints(n, 0, 10).toArray();
        PixelSpace space = new PixelSpace(norm);
        Batch clean = new Batch(space.inputs(pixels, Tensor.of(new float[pixels.length], n, channels, size, size)), labels);
        float[] state = model.batchNormState();
        float eps = 0.01f + rng.nextFloat() * 0.1f;
        for (Attack attack : new Attack[] {Attack.fgsm(eps), Attack.ifgsm(eps, eps / 4, 6), Attack.pgd(eps, eps / 4, 6)}) {
            Batch adversarial = new ModelAttack(attack, norm).run(model, clean, seed);
            assertArrayEquals(labels, adversarial.labels());
            float[] x = adversarial.features().data();
            for (int i = 0; i < x.length; i++) {
                int c = i / (size * size) % channels;
                double p = norm.mean() == null ? x[i] : x[i] * norm.std()[c] + norm.mean()[c];
                String where = attack + " seed " + seed + " pixel " + i + ": " + pixels[i] + " -> " + p;
                assertTrue(p >= -ROUNDING && p <= 1 + ROUNDING, where);
                assertTrue(Math.abs(p - pixels[i]) <= eps + ROUNDING, where);
            }
            if (attack.kind() == Attack.Kind.IFGSM) {
                assertTrue(loss(model, adversarial) > loss(model, clean), attack + " raised the loss");
            }
        }
        assertArrayEquals(state, model.batchNormState(), 0f);
    }

    private static double loss(TrainableModel model, Batch b) {
        Tensor p = model.forward(b.features());
        double sum = 0;
        for (int i = 0; i < b.size(); i++) sum -= Math.log(Math.max(1e-12, p.get(i, b.labels()[i])));
        return sum;
    }
}
