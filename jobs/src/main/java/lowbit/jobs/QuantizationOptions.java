package lowbit.jobs;

import lowbit.engine.TrainableModel;
import lowbit.ptq.QuantizationPlan;
import picocli.CommandLine.Option;

/** Scale granularity and batch-norm folding of a uniform post-training quantization plan. */
final class QuantizationOptions {
    @Option(names = "--per-channel", description = "One scale per output channel (default: one per tensor)")
    boolean perChannel;

    @Option(names = "--no-fold", description = "Do not fold batch norms into the preceding convolutions")
    boolean noFold;

    /** @throws lowbit.LowbitException naming --bits when bits is outside 1..8 */
    QuantizationPlan plan(TrainableModel model, int bits) {
        QuantizationPlan.requireBits("--bits", bits);
        return QuantizationPlan.uniform(model, bits, perChannel, !noFold);
    }
}
