package lowbit.train;

import java.io.Serializable;
import java.util.List;

/**
 * Everything needed to continue training exactly at an epoch boundary: completed epochs, optimizer steps,
 * latent parameters, batch-norm state, optimizer state and the metrics so far. Data order, learning rate and
 * QGT lambda are pure functions of (seed, epoch, step), so they need no further state.
 */
public record TrainState(int epochsDone, long step, float[] params, float[] batchNorm, OptimizerState optimizer,
                         List<EpochMetrics> history) implements Serializable {
    public TrainState {
        history = List.copyOf(history);
    }
}
