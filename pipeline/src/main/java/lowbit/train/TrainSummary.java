package lowbit.train;

import java.util.List;

/** The final row of a run (see data-schemas/train_summary.avsc). */
public record TrainSummary(String model, List<String> methods, String mode, long seed, int epochs, long steps,
                           int globalBatch, int workers, int localSteps, int workerBatch, double learningRate,
                           long parameters, long broadcastBytes, double trainSeconds, double imagesPerSecond,
                           double weightSparsity, List<EvalResult> evaluations) {
}
