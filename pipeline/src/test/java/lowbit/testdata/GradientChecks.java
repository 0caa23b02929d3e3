package lowbit.testdata;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lowbit.engine.Tensor;
import lowbit.engine.TrainableModel;

/** Test-only central finite-difference check of {@link TrainableModel#gradients()} on sampled coordinates. */
public final class GradientChecks {

    private GradientChecks() {
    }

    /**
     * Compares the analytic gradient with (L(w+h) - L(w-h)) / (w+h - (w-h)) at {@code samples} random
     * coordinates; the step is measured on the float values actually set, and L is computed by the model
     * (use a double-precision model).
     */
    public static void assertMatchesFiniteDifferences(TrainableModel model, Tensor x, int[] y, int samples, long seed) {
        float[] w = model.parameters();
        model.forwardBackward(x, y);
        float[] g = model.gradients();
        Random rng = new Random(seed);
        double h = 1e-4;
        double largest = 0;
        for (int s = 0; s < samples; s++) {
            int i = rng.nextInt(w.length);
            float[] p = w.clone();
            p[i] = (float) (w[i] + h);
            float up = p[i];
            model.setParameters(p);
            double lossUp = model.forwardBackward(x, y);
            p[i] = (float) (w[i] - h);
            float down = p[i];
            model.setParameters(p);
            double lossDown = model.forwardBackward(x, y);
            double numeric = (lossUp - lossDown) / ((double) up - (double) down);
            double error = Math.abs(numeric - g[i]);
            assertTrue(error <= 1e-5 + 2e-3 * Math.abs(numeric),
                    "coordinate " + i + ": analytic " + g[i] + " vs numeric " + numeric);
            largest = Math.max(largest, Math.abs(numeric));
        }
        model.setParameters(w);
        assertTrue(largest > 1e-3, "all sampled gradients are near zero: the check would prove nothing");
    }
}
