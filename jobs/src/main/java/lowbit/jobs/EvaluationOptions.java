package lowbit.jobs;

import lowbit.data.read.Normalization;
import lowbit.eval.LabeledImages;
import picocli.CommandLine.Option;

/** Which images of a sharded dataset a command evaluates on; pixels are scaled to [0, 1]. */
final class EvaluationOptions {
    @Option(names = "--split", defaultValue = "test", description = "Split to evaluate on (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Evaluate the first N images only (0: all)")
    int limit;

    LabeledImages load(String datasetDir) {
        return LabeledImages.fromShards(datasetDir, split, limit, Normalization.UNIT);
    }
}
