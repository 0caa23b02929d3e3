package lowbit.testdata;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/** Test-only central finite-difference check of {@link TrainableModel#gradients()} on sampled coordinates. */
public final class GradientChecks {

    private static final double STEP = 1e-5;

    private GradientChecks() {
    }

    /**
     * Compares the analytic gradient with central differences at {@code samples} random coordinates (use a
     * double-precision model; steps are measured on the float values actually set). ReLU/ReLU6 kinks and
     * batch norm over tiny variances make a few coordinates non-smooth at any usable step: a coordinate is
     * judged only where the differences at steps h and h/10 agree, and at least 3/4 of them must be smooth.
     */
    public static void assertMatchesFiniteDifferences(TrainableModel model, Tensor x, int[] y, int samples, long seed) {
        float[] w = model.parameters();
        model.forwardBackward(x, y);
        float[] g = model.gradients();
        Random rng = new Random(seed);
        double largest = 0;
        int smooth = 0;
        for (int s = 0; s < samples; s++) {
            int i = rng.nextInt(w.length);
            double coarse = centralDifference(model, x, y, w, i, STEP);
            double fine = centralDifference(model, x, y, w, i, STEP / 10);
            if (Math.abs(coarse - fine) > 1e-4 * Math.abs(fine) + 1e-7) continue;
            smooth++;
            assertTrue(Math.abs(fine - g[i]) <= 1e-6 + 1e-3 * Math.abs(fine),
                    "coordinate " + i + " (" + viewOf(model, i) + "): analytic " + g[i] + " vs numeric " + fine);
            largest = Math.max(largest, Math.abs(fine));
        }
        model.setParameters(w);
        assertTrue(smooth >= samples * 3 / 4, "only " + smooth + " of " + samples + " coordinates are smooth");
        assertTrue(largest > 1e-3, "all sampled gradients are near zero: the check would prove nothing");
    }

    private static double centralDifference(TrainableModel model, Tensor x, int[] y, float[] w, int i, double h) {
        float[] p = w.clone();
        p[i] = (float) (w[i] + h);
        float up = p[i];
        model.setParameters(p);
        double lossUp = model.forwardBackward(x, y);
        p[i] = (float) (w[i] - h);
        float down = p[i];
        model.setParameters(p);
        double lossDown = model.forwardBackward(x, y);
        return (lossUp - lossDown) / ((double) up - (double) down);
    }

    private static String viewOf(TrainableModel model, int index) {
        return model.parameterViews().stream().filter(v -> index >= v.offset() && index < v.offset() + v.length())
                .map(ParamView::name).findFirst().orElse("?");
    }
}
