package lowbit.train;

import java.util.List;

/** Adam with bias correction and L2 weight decay added to the gradient (PyTorch's Adam, not AdamW). */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private float[] m;
    private float[] v;
    private long steps;

    public Adam(int length, double beta1, double beta2, double epsilon, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1), epsilon > 0 and weight decay >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.m = new float[length];
        this.v = new float[length];
    }

    @Override
    public void step(float[] params, float[] grad, double lr) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i] + weightDecay * params[i];
            double mi = beta1 * m[i] + (1 - beta1) * g;
            double vi = beta2 * v[i] + (1 - beta2) * g * g;
            m[i] = (float) mi;
            v[i] = (float) vi;
            params[i] -= (float) (lr * (mi / c1) / (Math.sqrt(vi / c2) + epsilon));
        }
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState("adam", steps, List.of(m.clone(), v.clone()));
    }

    @Override
    public void restore(OptimizerState state) {
        Optimizer.requireKind(state, "adam", 2, m.length);
        m = state.buffers().get(0).clone();
        v = state.buffers().get(1).clone();
        steps = state.steps();
    }
}
