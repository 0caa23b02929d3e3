package lowbit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.train.ModelRecipe;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static lowbit.testing.ArrayDistance.relativeError;

/** The distillation loss and its gradient, alone and backpropagated by both engines. */
@Tag("unit")
class KnowledgeDistillationLossTest {

    private static Tensor gaussian(Random r, double scale, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (scale * r.nextGaussian());
        return Tensor.of(x, shape);
    }

    @Test
    void itsGradientIsTheLossesDerivativeAndWithoutTheTeacherItIsCrossEntropy() {
        Random r = new Random(1);
        int n = 6;
        int classes = 5;
        Tensor logits = gaussian(r, 2, n, classes);
        int[] labels = {0, 3, -1, 4, -1, 2};
        KnowledgeDistillationLoss kd = new KnowledgeDistillationLoss(labels, gaussian(r, 2, n, classes), 3.0, 0.7);
        float[] g = new float[n * classes];
        kd.lossAndGradient(logits, g);
        double h = 1e-3;
        for (int i = 0; i < g.length; i++) {
            float[] plus = logits.data().clone();
            float[] minus = logits.data().clone();
            plus[i] += (float) h;
            minus[i] -= (float) h;
            double fd = (kd.lossAndGradient(Tensor.of(plus, n, classes), new float[g.length])
                    - kd.lossAndGradient(Tensor.of(minus, n, classes), new float[g.length])) / (2 * h);
            assertEquals(fd, g[i], 2e-4, "dLoss/dz[" + i + "]");
        }

        int[] all = {0, 3, 1, 4, 2, 2};
        KnowledgeDistillationLoss ce = new KnowledgeDistillationLoss(all, gaussian(r, 2, n, classes), 3.0, 0.0);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(logits.data()[i * classes + k]);
            expected -= (logits.data()[i * classes + all[i]] - Math.log(sum)) / n;
        }
        assertEquals(expected, ce.lossAndGradient(logits, new float[g.length]), 1e-9, "alpha = 0: the labels' cross-entropy");

        KnowledgeDistillationLoss self = new KnowledgeDistillationLoss(labels, logits, 3.0, 1.0);
        float[] zero = new float[g.length];
        assertEquals(0, self.lossAndGradient(logits, zero), 1e-9, "a student equal to its teacher has nothing to learn");
        for (float z : zero) assertEquals(0, z, 1e-7);
    }

    /**
     * Both engines backpropagate a loss of the logits: with the cross-entropy as that loss they give the gradient of
     * their own labeled pass; the distillation loss's gradient is the same on both engines, and it predicts the loss's
     * change along a random direction (LeNet, whose loss is smooth enough for finite differences).
     */
    @Test
    void bothEnginesBackpropagateALossOfTheirLogits() {
        Random r = new Random(2);
        Tensor x = gaussian(r, 1, 8, 1, 28, 28);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        KnowledgeDistillationLoss kd = new KnowledgeDistillationLoss(new int[] {0, -1, 2, -1, 4, 5, -1, 7}, gaussian(r, 3, 8, 10), 2.0, 0.8);
        for (String name : List.of("mobilenetv1", "lenet")) {
            Map<String, String> options = name.equals("lenet") ? Map.of("seed", "3")
                    : Map.of("seed", "3", "size", "28", "classes", "10", "alpha", "0.25");
            float[] start = new ModelRecipe(name, options, "dl4j", 1).build().parameters();
            float[][] distilled = new float[2][];
            for (String engine : List.of("dl4j", "torch")) {
                TrainableModel model = new ModelRecipe(name, options, engine, 1).build();
                model.setParameters(start);
                float[] state = model.batchNormState();

                double labeled = model.forwardBackward(x, labels);
                float[] reference = model.gradients();
                float[] referenceState = model.batchNormState();
                model.setBatchNormState(state);
                double viaLogits = model.forwardBackward(x, new KnowledgeDistillationLoss(labels, gaussian(r, 1, 8, 10), 4.0, 0.0));
                assertEquals(labeled, viaLogits, 1e-5, engine + ": the loss");
                assertTrue(relativeError(model.gradients(), reference) < 1e-4, engine + ": the gradient, relative error "
                        + relativeError(model.gradients(), reference));
                assertTrue(state.length == 0 || relativeError(model.batchNormState(), referenceState) < 1e-6, engine + ": running statistics move once");

                model.setBatchNormState(state);
                model.forwardBackward(x, kd);
                distilled[engine.equals("dl4j") ? 0 : 1] = model.gradients();
                if (name.equals("lenet")) {
                    Random signs = new Random(4);
                    float[] direction = new float[start.length];
                    double slope = 0;
                    for (int i = 0; i < start.length; i++) {
                        direction[i] = signs.nextBoolean() ? 1 : -1;
                        slope += model.gradients()[i] * direction[i];
                    }
                    double h = 1e-5; // converged: 1e-3 .. 3e-5 still carry curvature and ReLU kinks
                    double fd = (loss(model, start, direction, h, x, kd, state) - loss(model, start, direction, -h, x, kd, state)) / (2 * h);
                    System.out.printf("%s %s: directional derivative %.6g, finite difference %.6g%n", name, engine, slope, fd);
                    assertEquals(fd, slope, 0.03 * Math.abs(fd), engine + ": the distillation gradient along a random direction");
                }
            }
            double across = relativeError(distilled[1], distilled[0]);
            System.out.printf("%s: distillation gradient torch vs DL4J %.3g%n", name, across);
            assertTrue(across < 1e-3, name + ": the engines' distillation gradients differ by " + across);
        }
    }

    private static double loss(TrainableModel model, float[] start, float[] direction, double h, Tensor x,
                               KnowledgeDistillationLoss kd, float[] state) {
        float[] p = start.clone();
        for (int i = 0; i < p.length; i++) p[i] += (float) (h * direction[i]);
        model.setParameters(p);
        model.setBatchNormState(state);
        return model.forwardBackward(x, kd);
    }
}
