package lowbit.cli;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.eval.LabeledImages;
import lowbit.train.job.TrainJob;
import picocli.CommandLine.Option;

/** Which images of a sharded dataset a command evaluates on, normalized as the model was trained. */
final class EvaluationOptions {
    @Option(names = "--split", defaultValue = "test", description = "Split to evaluate on (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Evaluate the first N images only (0: all)")
    int limit;

    @Option(names = "--normalization", paramLabel = "KIND", defaultValue = "unit",
            description = "The training's lowbit.train.normalization: unit (pixels in [0, 1]) or dataset (the train "
                    + "split's mean and std from the dataset's manifest); default ${DEFAULT-VALUE}")
    String normalization;

    LabeledImages load(String datasetDir) {
        return LabeledImages.fromShards(datasetDir, split, limit, normalization(datasetDir));
    }

    Normalization normalization(String datasetDir) {
        return switch (normalization) {
            case "unit" -> Normalization.UNIT;
            case "dataset" -> TrainJob.datasetNormalization(datasetDir, Manifest.read(datasetDir), "--normalization unit");
            default -> throw new LowbitException("--normalization must be unit or dataset, not " + normalization);
        };
    }
}
