package lowbit.train;

import java.util.List;

/**
 * SGD as PyTorch defines it: g += wd w; v = mu v + g; w -= lr (g + mu v) with Nesterov, else w -= lr v.
 * Weight decay applies to every parameter, as PyTorch's default.
 */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private float[] velocity;
    private long steps;

    public Sgd(int length, double momentum, boolean nesterov, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("momentum must be in [0, 1) and weight decay >= 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.velocity = new float[length];
    }

    @Override
    public void step(float[] params, float[] grad, double lr) {
        for (int i = 0; i < params.length; i++) {
            double g = grad[i] + weightDecay * params[i];
            double v = momentum * velocity[i] + g;
            velocity[i] = (float) v;
            params[i] -= (float) (lr * (nesterov ? g + momentum * v : v));
        }
        steps++;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState("sgd", steps, List.of(velocity.clone()));
    }

    @Override
    public void restore(OptimizerState state) {
        Optimizer.requireKind(state, "sgd", 1, velocity.length);
        velocity = state.buffers().get(0).clone();
        steps = state.steps();
    }
}
