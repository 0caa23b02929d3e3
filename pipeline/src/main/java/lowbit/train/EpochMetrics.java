package lowbit.train;

import java.io.Serializable;
import java.util.List;

/**
 * One epoch of training: optimizer steps and examples, mean training loss, the regularizers' penalty at
 * the last step, the learning rate at the epoch's last step, training time and throughput, weight
 * sparsity (zero weights / weights) and the evaluations.
 */
public record EpochMetrics(int epoch, int steps, long examples, double trainLoss, double penalty, double learningRate,
                           double seconds, double imagesPerSecond, double weightSparsity,
                           List<EvalResult> evaluations) implements Serializable {
    public EpochMetrics {
        evaluations = List.copyOf(evaluations);
    }
}
