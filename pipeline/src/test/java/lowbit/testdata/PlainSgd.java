package lowbit.testdata;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/** Test-only plain SGD through the engine interface, as a trainer would drive it. */
public final class PlainSgd {

    private PlainSgd() {
    }

    /** Runs {@code steps} updates w -= lr * grad on one batch; returns the loss before each step and after the last. */
    public static double[] losses(TrainableModel model, Tensor x, int[] y, int steps, float lr) {
        double[] losses = new double[steps + 1];
        for (int s = 0; s <= steps; s++) {
            losses[s] = model.forwardBackward(x, y);
            if (s == steps) break;
            float[] w = model.parameters();
            float[] g = model.gradients();
            for (int i = 0; i < w.length; i++) w[i] -= lr * g[i];
            model.setParameters(w);
        }
        return losses;
    }
}
