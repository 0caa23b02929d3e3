package lowbit.train;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue training exactly at an epoch boundary: completed epochs, optimizer steps,
 * latent parameters, batch-norm state, optimizer state, the metrics so far and the state of regularizers that
 * keep one (ADMM's split, by regularizer name). Data order, learning rate and QGT lambda are pure functions
 * of (seed, epoch, step), so they need no further state.
 */
public record TrainState(int epochsDone, long step, float[] params, float[] batchNorm, OptimizerState optimizer,
                         List<EpochMetrics> history, Map<String, Serializable> regularizers) implements Serializable {
    public TrainState {
        history = List.copyOf(history);
        regularizers = Map.copyOf(regularizers);
    }

    /** Before the first step: fresh optimizer and regularizers. */
    public static TrainState initial(float[] params, float[] batchNorm) {
        return new TrainState(0, 0, params, batchNorm, null, List.of(), Map.of());
    }
}
